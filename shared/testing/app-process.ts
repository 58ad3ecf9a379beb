import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REGISTER_TYPESCRIPT = join(__dirname, 'register-typescript.js');

/**
 * An app's real entry point (main.ts, sync-once.ts …) in a Node process of its own, as production
 * runs it, with exactly the environment given: for what only a whole process shows (signals, exit
 * codes, boot messages).
 */
export class AppProcess {
  private readonly lines: string[] = [];
  private readonly watchers: { pattern: RegExp; found(line: string): void }[] = [];
  readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => this.receive(line));
    }
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(entry: string, env: Record<string, string>, args: string[] = []): AppProcess {
    const child = spawn(process.execPath, ['-r', REGISTER_TYPESCRIPT, entry, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new AppProcess(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Everything it printed so far, stdout and stderr interleaved. */
  get output(): string {
    return this.lines.join('\n');
  }

  /** The first line matching `pattern`, printed already or to come; rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string> {
    const printed = this.lines.find((line) => pattern.test(line));
    if (printed) return Promise.resolve(printed);
    return new Promise((resolve, reject) => {
      this.watchers.push({ pattern, found: resolve });
      void this.exited.then((code) => reject(new Error(`exited (${code}) before printing ${pattern}:\n${this.output}`)));
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** For cleanup after a failed test: never leaves the process behind. */
  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
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
