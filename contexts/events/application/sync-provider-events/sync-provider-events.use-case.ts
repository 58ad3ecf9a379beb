import { LogPort } from '@shared/logging/log-port';
import { TicketedEvent } from '../../domain/ticketed-event.aggregate';
import { EventSyncSession, EventSyncStore, SYNC_LOCKED, WhenBusy } from '../../domain/event-sync-store';
import { EventsProvider } from '../../domain/events-provider';
import { Rejection } from '../../domain/provider-item';
import { NO_COUNTS, SyncCounts } from '../../domain/sync-run';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { SyncReport } from './sync-report';

export interface SyncOptions {
  /** Events per upsert statement: large enough to amortize round trips, small enough to bound memory. */
  batchSize: number;
  /** Zones per upsert statement: a feed with hundreds of zones per event flushes sooner, so memory stays bounded. */
  batchZones: number;
  /** Rejections logged in full; the rest are only counted, so a broken feed cannot flood the logs. */
  rejectionsLogged: number;
  /** Longest time between two progress reports while a run goes. */
  progressEveryMs: number;
  /** How often a run records that its process is alive. */
  heartbeatEveryMs: number;
  /** A running run without a heartbeat for this long is abandoned: its process is gone. */
  abandonedAfterMs: number;
}

const DEFAULTS: SyncOptions = {
  batchSize: 1000,
  batchZones: 20_000,
  rejectionsLogged: 5,
  progressEveryMs: 2_000,
  heartbeatEveryMs: 5_000,
  abandonedAfterMs: 30_000,
};

/** Where a run stands, reported every `progressEveryMs` while it goes. */
export interface SyncProgress extends SyncCounts {
  elapsedMs: number;
  /** Feed bytes received so far. */
  bytesReceived: number;
}

/**
 * Pulls the provider's whole feed into the store as one atomic run: every good item is stored,
 * every bad item is rejected and counted, and any failure leaves the store exactly as before.
 * Each run is recorded, whatever its outcome.
 */
export class SyncProviderEventsUseCase {
  private readonly options: SyncOptions;

  constructor(
    private readonly provider: EventsProvider,
    private readonly store: EventSyncStore,
    private readonly runs: SyncRunRepository,
    private readonly logger: LogPort,
    options: Partial<SyncOptions> = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * `whenBusy`: skip (scheduled ticks) or wait (a manual run) when another run is in progress.
   * `onProgress`: where progress goes (a log line every `progressEveryMs` by default).
   */
  async execute(
    signal?: AbortSignal,
    whenBusy: WhenBusy = 'skip',
    onProgress: (progress: SyncProgress) => void = (progress) => this.logger.log(`sync progress: ${describeProgress(progress)}`),
  ): Promise<SyncReport> {
    await this.abandonStaleRuns();
    const startedAt = this.now();
    const run = await this.runs.start(this.provider.name, startedAt);
    const counts: SyncCounts = { ...NO_COUNTS };
    let outcome: SyncReport['outcome'] = 'succeeded';
    let error: string | null = null;
    const heartbeat = setInterval(() => {
      this.runs.heartbeat(run.id, this.now()).catch((failure: Error) => this.logger.warn(`sync heartbeat not recorded: ${failure.message}`));
    }, this.options.heartbeatEveryMs);
    const progress = setInterval(
      () => onProgress({ ...counts, elapsedMs: this.now().getTime() - startedAt.getTime(), bytesReceived: this.provider.bytesReceived() }),
      this.options.progressEveryMs,
    );
    try {
      const result = await this.store.exclusively((session) => this.pull(session, startedAt, counts, signal), whenBusy, signal);
      if (result === SYNC_LOCKED) {
        outcome = 'skipped';
        error =
          whenBusy === 'wait'
            ? 'another sync run holds the lock; gave up waiting for it (SYNC_LOCK_WAIT_SECONDS)'
            : 'another sync run is in progress';
      }
    } catch (failure) {
      outcome = 'failed';
      error = failure instanceof Error ? failure.message : String(failure);
      // Nothing was committed: report what was read, but nothing as stored.
      Object.assign(counts, { inserted: 0, changed: 0, unchanged: 0 });
    }
    clearInterval(heartbeat);
    clearInterval(progress);
    const finishedAt = this.now();
    await this.runs.finish(run.id, outcome, counts, finishedAt, error);
    return { runId: run.id, outcome, error, ...counts, elapsedMs: finishedAt.getTime() - startedAt.getTime() };
  }

  private async pull(session: EventSyncSession, seenAt: Date, counts: SyncCounts, signal?: AbortSignal): Promise<void> {
    let batch: TicketedEvent[] = [];
    let batchZones = 0;
    // One write in flight while the next batch is parsed: the feed and the database work in parallel.
    let writing: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (batch.length === 0) return;
      const events = batch;
      batch = [];
      batchZones = 0;
      await writing;
      writing = session.events.saveBatch(events).then((saved) => {
        counts.inserted += saved.inserted;
        counts.changed += saved.changed;
        counts.unchanged += saved.unchanged;
      });
      // Observed when awaited; this only keeps a failure from counting as unhandled meanwhile.
      writing.catch(() => undefined);
    };
    for await (const item of this.provider.read(seenAt, signal)) {
      counts.read += 1;
      if (item.kind === 'rejected') this.reject(item.rejection, counts);
      else {
        batch.push(item.event);
        batchZones += item.event.zones.length;
      }
      if (batch.length >= this.options.batchSize || batchZones >= this.options.batchZones) await flush();
    }
    await flush();
    await writing;
    signal?.throwIfAborted();
    if (counts.inserted + counts.changed > 0) await session.bumpDataVersion();
  }

  /** Runs left `running` by a process that is gone (killed, crashed, cut off) are marked abandoned. */
  private async abandonStaleRuns(): Promise<void> {
    const now = this.now();
    const abandoned = await this.runs.abandonStale(new Date(now.getTime() - this.options.abandonedAfterMs), now);
    if (abandoned > 0) {
      this.logger.warn(`marked ${abandoned} sync run(s) abandoned: no heartbeat for ${this.options.abandonedAfterMs / 1000} s`);
    }
  }

  private reject(rejection: Rejection, counts: SyncCounts): void {
    counts.rejected += 1;
    if (counts.rejected <= this.options.rejectionsLogged) {
      this.logger.warn(`rejected feed item ${rejection.reference}: ${rejection.reason}`);
    } else if (counts.rejected === this.options.rejectionsLogged + 1) {
      this.logger.warn('more feed items rejected; counting the rest without logging each');
    }
  }
}

export function describeProgress(progress: SyncProgress): string {
  const seconds = progress.elapsedMs / 1000;
  const rate = seconds > 0 ? Math.round(progress.read / seconds) : 0;
  return `${(progress.bytesReceived / 1e6).toFixed(1)} MB received, ${progress.read} items (${rate} items/s), ${seconds.toFixed(0)} s`;
}

export function describeCounts(counts: SyncCounts): string {
  return `read ${counts.read}, inserted ${counts.inserted}, changed ${counts.changed}, unchanged ${counts.unchanged}, rejected ${counts.rejected}`;
}
