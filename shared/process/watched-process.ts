import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** A child process (an app, a database) whose output is kept and watched: for specs and fault drills. */
export class WatchedProcess {
  private readonly lines: string[] = [];
  private readonly watchers: { pattern: RegExp; found(line: string): void }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => this.receive(line));
    }
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static node(name: string, args: string[], env: Record<string, string>): WatchedProcess {
    return WatchedProcess.command(name, process.execPath, args, env);
  }

  /** Any command, as a user would type it (`npm run …`, `bash tools/run-all.sh`), from `cwd`. */
  static command(name: string, command: string, args: string[], env: Record<string, string>, cwd?: string): WatchedProcess {
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new WatchedProcess(name, child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get output(): string {
    return this.lines.join('\n');
  }

  waitForLine(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const printed = this.lines.find((line) => pattern.test(line));
    if (printed) return Promise.resolve(printed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
      this.watchers.push({
        pattern,
        found: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before printing ${pattern}:\n${this.tail()}`));
      });
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }

  tail(lines = 15): string {
    return this.lines.slice(-lines).join('\n');
  }

  private receive(line: string): void {
    this.lines.push(line);
    for (const watcher of [...this.watchers]) {
      if (watcher.pattern.test(line)) {
        this.watchers.splice(this.watchers.indexOf(watcher), 1);
        watcher.found(line);
      }
    }
  }
}
