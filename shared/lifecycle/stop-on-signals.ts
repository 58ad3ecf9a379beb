import { setTimeout as sleep } from 'node:timers/promises';
import { LogPort } from '@shared/logging/log-port';

export interface StopOnSignalsOptions {
  /** Shown in the log lines: `api`, `worker`. */
  name: string;
  /** How long `close()` may take before the process exits anyway, with code 1. */
  timeoutMs: number;
  logger: LogPort;
  /**
   * Told first, then given `drainMs` before `close()` starts: time for the app to turn clients away
   * gently (the API's answers say `Connection: close` meanwhile). Counts within `timeoutMs`.
   */
  drain?: { onSignal(): void; drainMs: number };
}

/**
 * SIGTERM and SIGINT close `app` (which lets the work in flight end and closes the pools), then
 * exit 0; exit 1 if closing fails or outlasts `timeoutMs`. Used instead of Nest's shutdown hooks,
 * which re-raise the signal after closing, so that even a clean stop would exit 143, never 0.
 * A second signal while stopping changes nothing: `make run`'s Ctrl-C reaches every process twice
 * (from the terminal and from the launcher), and the deadline already bounds the stop.
 */
export function stopOnSignals(app: { close(signal?: string): Promise<void> }, options: StopOnSignalsOptions): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    options.logger.log(`${options.name}: ${signal} received, stopping (at most ${options.timeoutMs} ms, SHUTDOWN_TIMEOUT_MS)`);
    const deadline = setTimeout(() => {
      options.logger.error(`${options.name}: still stopping after ${options.timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); exiting`);
      process.exit(1);
    }, options.timeoutMs);
    options.drain?.onSignal();
    sleep(options.drain?.drainMs ?? 0)
      .then(() => app.close(signal))
      .then(
        () => {
          clearTimeout(deadline);
          options.logger.log(`${options.name}: stopped`);
          process.exit(0);
        },
        (error: Error) => {
          options.logger.error(`${options.name}: could not stop cleanly: ${error.message}`);
          process.exit(1);
        },
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
