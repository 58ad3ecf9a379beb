import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, QueryRunner } from 'typeorm';
import { EventSyncSession, EventSyncStore, SYNC_LOCKED, SyncLease, WhenBusy } from '@contexts/events/domain/event-sync-store';
import { TypeOrmEventSyncSession } from './typeorm-event-sync.session';

/**
 * First key of the advisory lock that makes a provider's sync runs exclusive across every process;
 * the second is `hashtext(provider)`. Any fixed number works as long as nothing else in the database
 * uses it (migrations use another). Two providers whose names hash alike only take turns.
 */
export const SYNC_LOCK_KEY = 4_172_301;

/**
 * A provider's run holds a session-level advisory lock on one connection, for its bookkeeping and
 * its one transaction alike. Postgres releases it when the connection ends, so a crashed worker can
 * never leave a provider locked.
 *
 * On the embedded PGlite every connection shares one backend, so the lock cannot tell runs apart
 * there; its socket server queues other connections' statements while a transaction is open, so
 * transactions still run one at a time and readers wait for a run to commit.
 */
export interface SyncStoreOptions {
  /** How long a run that waits ('wait') tries for the lock (SYNC_LOCK_WAIT_SECONDS). */
  lockWaitMs: number;
  /**
   * idle_in_transaction_session_timeout of the run's transaction, so that a frozen holder (a
   * stopped process whose connection stays open) cannot keep the lock for ever: PostgreSQL ends its
   * session and the lock with it. 0 leaves the server's setting (the embedded PGlite runs every
   * session in one backend, which that timeout would end for everybody).
   */
  idleInTransactionTimeoutMs: number;
  /** Pause between two tries for the lock while waiting. */
  lockPollMs: number;
}

const DEFAULT_OPTIONS: SyncStoreOptions = { lockWaitMs: 60_000, idleInTransactionTimeoutMs: 0, lockPollMs: 250 };

export class TypeOrmEventSyncStore extends EventSyncStore {
  private readonly options: SyncStoreOptions;

  constructor(
    private readonly dataSource: DataSource,
    options: Partial<SyncStoreOptions> = {},
  ) {
    super();
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  async exclusively<T>(
    provider: string,
    work: (lease: SyncLease) => Promise<T>,
    whenBusy: WhenBusy = 'skip',
    signal?: AbortSignal,
  ): Promise<T | typeof SYNC_LOCKED> {
    const queryRunner = this.dataSource.createQueryRunner('master');
    await queryRunner.connect();
    let held = false;
    try {
      const locked = await this.lock(queryRunner, provider, whenBusy === 'wait' ? this.options.lockWaitMs : 0, signal);
      if (!locked) return SYNC_LOCKED;
      held = true;
      return await work({ transaction: (atomic) => this.transaction(queryRunner, atomic) });
    } finally {
      // An unlock fails only when the connection broke, which ended the lock too; the pool then
      // discards the connection instead of reusing it.
      if (held) await queryRunner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SYNC_LOCK_KEY, provider]).catch(() => undefined);
      await queryRunner.release();
    }
  }

  /**
   * Tries for the provider's lock until `waitMs` have passed. Polled rather than blocking in
   * pg_advisory_lock, so that the wait is bounded and a signal ends it at once.
   */
  private async lock(queryRunner: QueryRunner, provider: string, waitMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      signal?.throwIfAborted();
      const [{ locked }] = await queryRunner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', [SYNC_LOCK_KEY, provider]);
      if (locked || Date.now() >= deadline) return locked;
      const pause = Math.min(this.options.lockPollMs, Math.max(0, deadline - Date.now()));
      // Cut short by the signal: reject with its reason rather than the timer's AbortError.
      await sleep(pause, undefined, { signal }).catch(() => signal?.throwIfAborted());
    }
  }

  private async transaction<T>(queryRunner: QueryRunner, work: (session: EventSyncSession) => Promise<T>): Promise<T> {
    await queryRunner.startTransaction();
    try {
      if (this.options.idleInTransactionTimeoutMs > 0) {
        // SET takes no parameters; the value is a number computed from the settings.
        await queryRunner.query(`SET LOCAL idle_in_transaction_session_timeout = ${Math.round(this.options.idleInTransactionTimeoutMs)}`);
      }
      const result = await work(new TypeOrmEventSyncSession(queryRunner.manager));
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      // A rollback fails only when the connection is gone, and then Postgres has rolled back on its
      // own: the error worth reporting is the one that got us here.
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  }
}
