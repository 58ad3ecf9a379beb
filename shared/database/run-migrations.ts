import { DataSource, MigrationExecutor } from 'typeorm';

/** Key of the advisory lock that serializes migrations; distinct from every other lock key. */
export const MIGRATIONS_LOCK_KEY = 4_172_300;

/**
 * Applies pending migrations, safely when several processes start at once: the first takes the
 * lock and migrates, the others wait for it, then find nothing left to do. Returns the names applied.
 *
 * Lock, check and migrations run in ONE transaction on one connection, with a transaction-scoped
 * lock: a session lock would not do on the embedded PGlite, where every connection shares one
 * backend session (so the lock would be granted to all of them), whereas its socket server does run
 * one connection's transaction at a time. Postgres releases the lock by itself if a process dies.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  try {
    await queryRunner.startTransaction();
    await queryRunner.query('SELECT pg_advisory_xact_lock($1)', [MIGRATIONS_LOCK_KEY]);
    const executor = new MigrationExecutor(dataSource, queryRunner);
    const applied = await executor.executePendingMigrations();
    await queryRunner.commitTransaction();
    return applied.map((migration) => migration.name);
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await queryRunner.release();
  }
}
