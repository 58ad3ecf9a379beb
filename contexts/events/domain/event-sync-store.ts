import { EventRepository } from './event.repository';
import { SyncRunRepository } from './sync-run.repository';

/** What a sync may do inside its transaction. */
export abstract class EventSyncSession {
  abstract readonly events: Pick<EventRepository, 'saveBatch'>;

  /**
   * The run's record, written in the same transaction as its data: once the data is committed so
   * is the run's outcome, and a process stopped between the two cannot leave it to be marked
   * abandoned.
   */
  abstract readonly runs: Pick<SyncRunRepository, 'finish'>;

  /** Marks the stored data as changed so caches keyed on the version stop serving older results. */
  abstract bumpDataVersion(): Promise<number>;
}

export const SYNC_LOCKED = Symbol('sync-locked');

/** What a run does when another one holds the store: a scheduled tick skips, a manual run waits its turn. */
export type WhenBusy = 'skip' | 'wait';

/** A provider's lock, held: the run records itself around the one transaction that writes its data. */
export abstract class SyncLease {
  /** Runs `work` in one transaction that either commits whole or leaves the store exactly as before. */
  abstract transaction<T>(work: (session: EventSyncSession) => Promise<T>): Promise<T>;
}

/**
 * Runs a provider's sync alone: only one run per provider at a time holds its lock, across every
 * process (runs of different providers proceed side by side). When another run of that provider
 * holds it, returns SYNC_LOCKED without running `work` ('skip'), or waits for it ('wait') a bounded
 * time before returning SYNC_LOCKED. `signal` ends the wait at once, rejecting with its reason.
 */
export abstract class EventSyncStore {
  abstract exclusively<T>(
    provider: string,
    work: (lease: SyncLease) => Promise<T>,
    whenBusy?: WhenBusy,
    signal?: AbortSignal,
  ): Promise<T | typeof SYNC_LOCKED>;
}
