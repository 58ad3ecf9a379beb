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
export class TypeOrmEventSyncStore extends EventSyncStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async exclusively<T>(
    provider: string,
    work: (lease: SyncLease) => Promise<T>,
    whenBusy: WhenBusy = 'skip',
  ): Promise<T | typeof SYNC_LOCKED> {
    const queryRunner = this.dataSource.createQueryRunner('master');
    await queryRunner.connect();
    let held = false;
    try {
      const [{ locked }] = await queryRunner.query(
        whenBusy === 'wait'
          ? 'SELECT true AS locked FROM pg_advisory_lock($1, hashtext($2))'
          : 'SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked',
        [SYNC_LOCK_KEY, provider],
      );
      if (!locked) return SYNC_LOCKED;
      held = true;
      return await work({ transaction: (atomic) => transaction(queryRunner, atomic) });
    } finally {
      // An unlock fails only when the connection broke, which ended the lock too; the pool then
      // discards the connection instead of reusing it.
      if (held) await queryRunner.query('SELECT pg_advisory_unlock($1, hashtext($2))', [SYNC_LOCK_KEY, provider]).catch(() => undefined);
      await queryRunner.release();
    }
  }
}

async function transaction<T>(queryRunner: QueryRunner, work: (session: EventSyncSession) => Promise<T>): Promise<T> {
  await queryRunner.startTransaction();
  try {
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
