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
/** What PostgreSQL answers when lock_timeout ends a wait. */
const LOCK_NOT_AVAILABLE = '55P03';

export interface SyncStoreOptions {
  /** How long a run that waits ('wait') tries for the lock (SYNC_LOCK_WAIT_SECONDS). */
  lockWaitMs: number;
  /**
   * idle_in_transaction_session_timeout and statement_timeout of the run's transaction, so that a
   * frozen holder (a stopped process whose connection stays open, between statements or in the
   * middle of a COPY) cannot keep the lock for ever: PostgreSQL ends its session and the lock with
   * it. 0 leaves the server's settings (the embedded PGlite runs every session in one backend,
   * which that timeout would end for everybody).
   */
  idleInTransactionTimeoutMs: number;
  /**
   * A live run pings its transaction this often, so a provider sending its feed slowly (no batch
   * to write for longer than the idle timeout) keeps the run's session; a frozen process sends
   * nothing and still loses it. Defaults to a third of the idle timeout; 0: no pings.
   */
  keepAliveMs?: number;
}

const DEFAULT_OPTIONS: SyncStoreOptions = { lockWaitMs: 60_000, idleInTransactionTimeoutMs: 0 };

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
   * Takes the provider's lock, waiting at most `waitMs` for it (0: not at all). The wait blocks in
   * pg_advisory_lock under a lock_timeout, and a signal cancels it at once from another connection.
   */
  private async lock(queryRunner: QueryRunner, provider: string, waitMs: number, signal?: AbortSignal): Promise<boolean> {
    signal?.throwIfAborted();
    const key = [SYNC_LOCK_KEY, provider];
    if (waitMs === 0) {
      const [{ locked }] = await queryRunner.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked', key);
      return locked;
    }
    const [{ pid }] = await queryRunner.query('SELECT pg_backend_pid() AS pid');
    const cancel = () => void this.dataSource.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      // SET takes no parameters; the value is a number computed from the settings.
      await queryRunner.query(`SET lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
      await queryRunner.query('SELECT pg_advisory_lock($1, hashtext($2))', key);
      return true;
    } catch (error) {
      signal?.throwIfAborted();
      if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return false;
      throw error;
    } finally {
      signal?.removeEventListener('abort', cancel);
      await queryRunner.query('RESET lock_timeout');
    }
  }

  private async transaction<T>(queryRunner: QueryRunner, work: (session: EventSyncSession) => Promise<T>): Promise<T> {
    await queryRunner.startTransaction();
    let keepAlive: NodeJS.Timeout | undefined;
    try {
      const timeoutMs = Math.round(this.options.idleInTransactionTimeoutMs);
      if (timeoutMs > 0) {
        // SET takes no parameters; the value is a number computed from the settings.
        await queryRunner.query(`SET LOCAL idle_in_transaction_session_timeout = ${timeoutMs}`);
        await queryRunner.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
        const keepAliveMs = this.options.keepAliveMs ?? timeoutMs / 3;
        // Queued behind a statement in flight, if any, but never behind another ping (node-pg
        // deprecates a query queued behind a queued one); a failure shows in the run's own next statement.
        let pinging: Promise<unknown> | null = null;
        const ping = () => {
          pinging ??= queryRunner
            .query('SELECT 1')
            .catch(() => undefined)
            .finally(() => (pinging = null));
        };
        if (keepAliveMs > 0) keepAlive = setInterval(ping, keepAliveMs);
      }
      const result = await work(new TypeOrmEventSyncSession(queryRunner.manager));
      clearInterval(keepAlive);
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      clearInterval(keepAlive);
      // A rollback fails only when the connection is gone, and then Postgres has rolled back on its
      // own: the error worth reporting is the one that got us here.
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  }
}
