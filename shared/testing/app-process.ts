import { join } from 'node:path';
import { WatchedProcess } from '@shared/process/watched-process';

const REGISTER_TYPESCRIPT = join(__dirname, 'register-typescript.js');

/**
 * An app's real entry point (main.ts, sync-once.ts …) in a Node process of its own, as production
 * runs it, with exactly the environment given: for what only a whole process shows (signals, exit
 * codes, boot messages).
 */
export class AppProcess {
  /** The exit code; null when a signal ended the process. */
  readonly exited: Promise<number | null>;

  private constructor(private readonly process: WatchedProcess) {
    this.exited = process.exited.then(({ code }) => code);
  }

  static start(entry: string, env: Record<string, string>, args: string[] = []): AppProcess {
    return new AppProcess(WatchedProcess.node(entry, ['-r', REGISTER_TYPESCRIPT, entry, ...args], env));
  }

  get pid(): number {
    return this.process.pid;
  }

  /** Everything it printed so far, stdout and stderr interleaved. */
  get output(): string {
    return this.process.output;
  }

  /** The first line matching `pattern`, printed already or to come; rejects if the process exits first. */
  waitForLine(pattern: RegExp): Promise<string> {
    return this.process.waitForLine(pattern);
  }

  signal(signal: NodeJS.Signals): void {
    this.process.signal(signal);
  }

  /** For cleanup after a failed test: never leaves the process behind. */
  async kill(): Promise<void> {
    if (this.process.running) this.process.signal('SIGKILL');
    await this.exited;
  }
}
