import { TicketedEvent } from '../domain/ticketed-event.aggregate';
import { EventSyncSession, EventSyncStore, SYNC_LOCKED, SyncLease, WhenBusy } from '../domain/event-sync-store';
import { SaveBatchResult } from '../domain/event.repository';
import { SyncRunRepository } from '../domain/sync-run.repository';
import { InMemoryEventRepository } from './in-memory-event.repository';

/**
 * Locks and transactions in memory: one holder per provider, and writes are staged on a scratch
 * copy that reaches the repository only when the transaction's work succeeds, so a failed run
 * leaves it exactly as before.
 */
export class InMemoryEventSyncStore extends EventSyncStore {
  /** The run holding each provider, if any: a waiting run queues behind it. */
  private readonly holders = new Map<string, Promise<void>>();
  private version = 0;

  /** `runs`: where a run's record written inside its transaction goes, on commit (the use case's own). */
  constructor(
    readonly repository: InMemoryEventRepository,
    private readonly runs: Pick<SyncRunRepository, 'finish'>,
  ) {
    super();
  }

  async exclusively<T>(
    provider: string,
    work: (lease: SyncLease) => Promise<T>,
    whenBusy: WhenBusy = 'skip',
  ): Promise<T | typeof SYNC_LOCKED> {
    for (let holder = this.holders.get(provider); holder; holder = this.holders.get(provider)) {
      if (whenBusy === 'skip') return SYNC_LOCKED;
      await holder;
    }
    let release!: () => void;
    this.holders.set(provider, new Promise<void>((resolve) => (release = resolve)));
    try {
      return await work({ transaction: (atomic) => this.transaction(atomic) });
    } finally {
      this.holders.delete(provider);
      release();
    }
  }

  /** Whether a run of the provider holds its lock right now. */
  holds(provider: string): boolean {
    return this.holders.has(provider);
  }

  dataVersion(): number {
    return this.version;
  }

  private async transaction<T>(work: (session: EventSyncSession) => Promise<T>): Promise<T> {
    const staged: TicketedEvent[] = [];
    const records: Parameters<SyncRunRepository['finish']>[] = [];
    let bumped = false;
    const scratch = new InMemoryEventRepository();
    await scratch.saveBatch(this.repository.stored());
    const session: EventSyncSession = {
      events: {
        saveBatch: async (events: readonly TicketedEvent[]): Promise<SaveBatchResult> => {
          staged.push(...events);
          return scratch.saveBatch(events);
        },
      },
      bumpDataVersion: async () => {
        bumped = true;
        return this.version + 1;
      },
      runs: {
        finish: async (...record) => {
          records.push(record);
        },
      },
    };
    const result = await work(session);
    await this.repository.saveBatch(staged);
    for (const record of records) await this.runs.finish(...record);
    if (bumped) this.version += 1;
    return result;
  }
}
