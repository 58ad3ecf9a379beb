/**
 * Clients asking the API without pause, each waiting for its answer before the next: what each
 * request got (a status, or the error that ended it) and how long it took.
 */
export class RequestLoop {
  private outcomes = new Map<string, number>();
  private latencies: number[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(
    private readonly urls: string[],
    private readonly clients: number,
  ) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.clients }, (_, client) => this.loop(client));
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  /** What was counted since the last call, then starts counting afresh. */
  take(): LoopWindow {
    const window = new LoopWindow(this.outcomes, this.latencies);
    this.outcomes = new Map();
    this.latencies = [];
    return window;
  }

  private async loop(client: number): Promise<void> {
    for (let index = client; this.running; index += this.clients) {
      const url = this.urls[index % this.urls.length];
      const started = performance.now();
      let outcome: string;
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        await response.arrayBuffer();
        outcome = String(response.status);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        outcome = cause?.code ?? cause?.message ?? (error as Error).name;
        // Refused connections come back at once: do not spin on them.
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      this.latencies.push(performance.now() - started);
      this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    }
  }
}

export class LoopWindow {
  constructor(
    readonly outcomes: ReadonlyMap<string, number>,
    private readonly latencies: number[],
  ) {}

  get total(): number {
    return [...this.outcomes.values()].reduce((sum, count) => sum + count, 0);
  }

  count(outcome: string): number {
    return this.outcomes.get(outcome) ?? 0;
  }

  /** Requests answered with anything but `accepted`. */
  other(...accepted: string[]): number {
    return [...this.outcomes].filter(([outcome]) => !accepted.includes(outcome)).reduce((sum, [, count]) => sum + count, 0);
  }

  percentile(p: number): number {
    if (this.latencies.length === 0) return NaN;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  }

  describe(): string {
    const outcomes = [...this.outcomes].map(([outcome, count]) => `${outcome}×${count}`).join(' ');
    return `${this.total} requests (${outcomes || 'none'}), p50 ${this.percentile(50).toFixed(1)} ms, p99 ${this.percentile(99).toFixed(1)} ms`;
  }
}
