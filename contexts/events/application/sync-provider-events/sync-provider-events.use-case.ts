import { LogPort } from '@shared/logging/log-port';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { TicketedEvent } from '../../domain/ticketed-event.aggregate';
import { EventSyncSession, EventSyncStore, SYNC_LOCKED, WhenBusy } from '../../domain/event-sync-store';
import { EventsProvider } from '../../domain/events-provider';
import { Rejection } from '../../domain/provider-item';
import { NO_COUNTS, SyncCounts } from '../../domain/sync-run';
import { SyncRunObserver } from '../../domain/sync-run.observer';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { SyncReport } from './sync-report';

export interface SyncOptions {
  /** Events per upsert statement: large enough to amortize round trips, small enough to bound memory. */
  batchSize: number;
  /** Zones per upsert statement: a feed with hundreds of zones per event flushes sooner, so memory stays bounded. */
  batchZones: number;
  /** Rejections logged in full; the rest are only counted, so a broken feed cannot flood the logs. */
  rejectionsLogged: number;
  /** Items between two progress lines. */
  progressEvery: number;
}

const DEFAULTS: SyncOptions = { batchSize: 1000, batchZones: 20_000, rejectionsLogged: 5, progressEvery: 50_000 };

/**
 * Pulls the provider's whole feed into the store as one atomic run: every good item is stored,
 * every bad item is rejected and counted, and any failure leaves the store exactly as before.
 * Each run is recorded and observed, whatever its outcome.
 */
export class SyncProviderEventsUseCase {
  private readonly options: SyncOptions;

  constructor(
    private readonly provider: EventsProvider,
    private readonly store: EventSyncStore,
    private readonly runs: SyncRunRepository,
    private readonly logger: LogPort,
    private readonly observer: SyncRunObserver,
    options: Partial<SyncOptions> = {},
    private readonly now: () => Date = () => new Date(),
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** `whenBusy`: skip (scheduled ticks) or wait (a manual run) when another run is in progress. */
  async execute(signal?: AbortSignal, whenBusy: WhenBusy = 'skip'): Promise<SyncReport> {
    const startedAt = this.now();
    const run = await this.runs.start(this.provider.name, startedAt);
    const counts: SyncCounts = { ...NO_COUNTS };
    let outcome: SyncReport['outcome'] = 'succeeded';
    let error: string | null = null;
    try {
      const result = await this.store.exclusively((session) => this.pull(session, startedAt, counts, signal), whenBusy);
      if (result === SYNC_LOCKED) {
        outcome = 'skipped';
        error = 'another sync run is in progress';
      }
    } catch (failure) {
      outcome = 'failed';
      // Recorded in sync_runs and shown to operators: a connection string in it keeps no password.
      error = redactCredentials(failure instanceof Error ? failure.message : String(failure));
      // Nothing was committed: report what was read, but nothing as stored.
      Object.assign(counts, { inserted: 0, changed: 0, unchanged: 0 });
    }
    const finishedAt = this.now();
    // Observed before it is recorded: a run whose record cannot be written still counts.
    this.observer.runFinished({ ...run, outcome, error, ...counts, finishedAt });
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
      if (counts.read % this.options.progressEvery === 0) this.logger.log(`sync progress: ${describeCounts(counts)}`);
    }
    await flush();
    await writing;
    signal?.throwIfAborted();
    if (counts.inserted + counts.changed > 0) await session.bumpDataVersion();
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

export function describeCounts(counts: SyncCounts): string {
  return `read ${counts.read}, inserted ${counts.inserted}, changed ${counts.changed}, unchanged ${counts.unchanged}, rejected ${counts.rejected}`;
}
