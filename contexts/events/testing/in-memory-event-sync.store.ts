import { TicketedEvent } from '../domain/ticketed-event.aggregate';
import { EventSyncSession, EventSyncStore, SYNC_LOCKED, WhenBusy } from '../domain/event-sync-store';
import { SaveBatchResult } from '../domain/event.repository';
import { InMemoryEventRepository } from './in-memory-event.repository';

/**
 * Transactions in memory: writes are staged on a scratch copy and reach the repository only
 * when the work succeeds, so a failed run leaves it exactly as before.
 */
export class InMemoryEventSyncStore extends EventSyncStore {
  /** The run holding the store, if any: a waiting run queues behind it. */
  private holder: Promise<unknown> | null = null;
  private version = 0;

  constructor(readonly repository: InMemoryEventRepository) {
    super();
  }

  async exclusively<T>(
    work: (session: EventSyncSession) => Promise<T>,
    whenBusy: WhenBusy = 'skip',
  ): Promise<T | typeof SYNC_LOCKED> {
    while (this.holder) {
      if (whenBusy === 'skip') return SYNC_LOCKED;
      await this.holder.catch(() => undefined);
    }
    const run = this.run(work);
    this.holder = run;
    try {
      return await run;
    } finally {
      this.holder = null;
    }
  }

  private async run<T>(work: (session: EventSyncSession) => Promise<T>): Promise<T> {
    const staged: TicketedEvent[] = [];
    let bumped = this.version;
    const scratch = new InMemoryEventRepository();
    await scratch.saveBatch(this.repository.stored());
    const session: EventSyncSession = {
      events: {
        saveBatch: async (events: readonly TicketedEvent[]): Promise<SaveBatchResult> => {
          staged.push(...events);
          return scratch.saveBatch(events);
        },
      },
      bumpDataVersion: async () => (bumped += 1),
    };
    const result = await work(session);
    await this.repository.saveBatch(staged);
    this.version = bumped;
    return result;
  }

  dataVersion(): number {
    return this.version;
  }
}
