import { EntityManager } from 'typeorm';

/**
 * Runs one read on the read replica (DATABASE_READ_URL, TypeORM replication); without one, TypeORM
 * serves the 'slave' query runner from the primary.
 */
export async function readOnReplica<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T> {
  const runner = manager.connection.createQueryRunner('slave');
  try {
    return (await runner.query(sql, parameters)) as T;
  } finally {
    await runner.release();
  }
}
