import { SyncProgress, describeProgress } from '@contexts/events/application/sync-provider-events/sync-provider-events.use-case';

/**
 * Progress of `npm run sync`: on a terminal one line rewritten in place, elsewhere (a log file, a
 * pipe) one line per report. `done()` leaves the cursor on a fresh line for the summary.
 */
export class SyncProgressPrinter {
  private rewriting = false;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  readonly print = (progress: SyncProgress): void => {
    const line = `sync progress: ${describeProgress(progress)}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\x1b[K`);
      this.rewriting = true;
    } else {
      this.out.write(`${line}\n`);
    }
  };

  done(): void {
    if (this.rewriting) this.out.write('\n');
    this.rewriting = false;
  }
}
