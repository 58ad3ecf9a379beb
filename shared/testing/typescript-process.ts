import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REGISTER_TYPESCRIPT = join(__dirname, 'register-typescript.js');

/**
 * A TypeScript entry run in its own Node process, talking JSON lines: it writes messages to stdout
 * and exits when its stdin closes. For what cannot run inside Jest (PGlite) or must be another
 * process (two processes racing for the same lock).
 */
export class TypeScriptProcess {
  private readonly messages: Record<string, unknown>[] = [];
  private readonly waiting: ((message: Record<string, unknown>) => void)[] = [];
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      const waiter = this.waiting.shift();
      if (waiter) waiter(message);
      else this.messages.push(message);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  static start(entry: string, args: string[] = []): TypeScriptProcess {
    const child = spawn(process.execPath, ['-r', REGISTER_TYPESCRIPT, entry, ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    return new TypeScriptProcess(child);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The next message; rejects if the process exits first. */
  nextMessage<T = Record<string, unknown>>(): Promise<T> {
    const queued = this.messages.shift();
    if (queued) return Promise.resolve(queued as T);
    return new Promise<T>((resolve, reject) => {
      this.waiting.push((message) => resolve(message as T));
      void this.exited.then((code) => reject(new Error(`process exited (${code}) before sending a message`)));
    });
  }

  /** Asks the process to finish (closes its stdin) and waits for its exit code. */
  stop(): Promise<number | null> {
    this.child.stdin!.end();
    return this.exited;
  }

  /** Kills it without letting it clean up, as a crash would. */
  kill(): Promise<number | null> {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
