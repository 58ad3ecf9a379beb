import { EventRepository } from './event.repository';

/** What a sync may do inside its transaction. */
export abstract class EventSyncSession {
  abstract readonly events: Pick<EventRepository, 'saveBatch'>;

  /** Marks the stored data as changed so caches keyed on the version stop serving older results. */
  abstract bumpDataVersion(): Promise<number>;
}

export const SYNC_LOCKED = Symbol('sync-locked');

/** What a run does when another one holds the store: a scheduled tick skips, a manual run waits its turn. */
export type WhenBusy = 'skip' | 'wait';

/**
 * Runs a sync atomically and alone: `work` runs in one transaction that either commits whole or
 * leaves the store exactly as before, and only one run at a time holds it across all replicas.
 * When another run holds it, returns SYNC_LOCKED without running `work` ('skip'), or waits for a
 * bounded time, then returns SYNC_LOCKED ('wait'). `signal` ends the wait early, rejecting with its reason.
 */
export abstract class EventSyncStore {
  abstract exclusively<T>(
    work: (session: EventSyncSession) => Promise<T>,
    whenBusy?: WhenBusy,
    signal?: AbortSignal,
  ): Promise<T | typeof SYNC_LOCKED>;
}
