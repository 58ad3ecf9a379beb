import { DataSource } from 'typeorm';
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
export class TypeOrmEventSyncStore extends EventSyncStore {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async exclusively<T>(
    work: (session: EventSyncSession) => Promise<T>,
    whenBusy: WhenBusy = 'skip',
  ): Promise<T | typeof SYNC_LOCKED> {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    try {
      await queryRunner.startTransaction();
      const [{ locked }] = await queryRunner.query(
        whenBusy === 'wait'
          ? 'SELECT true AS locked FROM pg_advisory_xact_lock($1)'
          : 'SELECT pg_try_advisory_xact_lock($1) AS locked',
        [SYNC_LOCK_KEY],
      );
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
}
