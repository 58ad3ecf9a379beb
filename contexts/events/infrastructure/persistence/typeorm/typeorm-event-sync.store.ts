import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, QueryRunner } from 'typeorm';
import { EventSyncSession, EventSyncStore, SYNC_LOCKED, WhenBusy } from '@contexts/events/domain/event-sync-store';
import { TypeOrmEventSyncSession } from './typeorm-event-sync.session';

/**
 * Key of the transaction-scoped advisory lock that makes sync runs exclusive across every replica.
 * Any fixed number works as long as nothing else in the database uses it (migrations use another).
 */
export const SYNC_LOCK_KEY = 4_172_301;

/**
 * One transaction per run, guarded by an advisory lock that Postgres releases by itself at commit,
 * rollback or disconnect, so a crashed worker can never leave the sync locked.
 *
 * On the embedded PGlite every connection shares one backend, and its socket server queues other
 * connections' statements while a transaction is open: a second run waits instead of getting
 * SYNC_LOCKED, and readers wait for the run to commit.
 */
export interface SyncStoreOptions {
  /** How long a run that waits ('wait') tries for the lock (SYNC_LOCK_WAIT_SECONDS). */
  lockWaitMs: number;
  /**
   * idle_in_transaction_session_timeout of the run's session, so that a frozen holder (a stopped
   * process whose connection stays open) cannot keep the lock for ever: PostgreSQL ends its session
   * and the lock with it. 0 leaves the server's setting (the embedded PGlite runs every session in
   * one backend, which that timeout would end for everybody).
   */
  idleInTransactionTimeoutMs: number;
  /** Pause between two tries for the lock while waiting. */
  lockPollMs?: number;
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
    work: (session: EventSyncSession) => Promise<T>,
    whenBusy: WhenBusy = 'skip',
    signal?: AbortSignal,
  ): Promise<T | typeof SYNC_LOCKED> {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    try {
      await queryRunner.startTransaction();
      if (this.options.idleInTransactionTimeoutMs > 0) {
        // SET takes no parameters; the value is a number we computed.
        await queryRunner.query(`SET LOCAL idle_in_transaction_session_timeout = ${Math.round(this.options.idleInTransactionTimeoutMs)}`);
      }
      const locked = await this.lock(queryRunner, whenBusy === 'wait' ? this.options.lockWaitMs : 0, signal);
      if (!locked) {
        await queryRunner.rollbackTransaction();
        return SYNC_LOCKED;
      }
      const result = await work(new TypeOrmEventSyncSession(queryRunner.manager));
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      // A rollback fails only when the connection is gone, and then Postgres has rolled back on its
      // own: the error worth reporting is the one that got us here.
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await queryRunner.release();
    }
  }

  /**
   * Tries for the lock until `waitMs` have passed. Polled rather than blocking in
   * pg_advisory_xact_lock, so that the wait is bounded and a signal ends it at once.
   */
  private async lock(queryRunner: QueryRunner, waitMs: number, signal?: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      signal?.throwIfAborted();
      const [{ locked }] = await queryRunner.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [SYNC_LOCK_KEY]);
      if (locked || Date.now() >= deadline) return locked;
      const pause = Math.min(this.options.lockPollMs ?? 250, Math.max(0, deadline - Date.now()));
      // Cut short by the signal: reject with its reason rather than the timer's AbortError.
      await sleep(pause, undefined, { signal }).catch(() => signal?.throwIfAborted());
    }
  }
}
