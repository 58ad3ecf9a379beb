import { EntityManager } from 'typeorm';

/** node-pg's error when a server sent no answer within query_timeout. */
const UNANSWERED = /Query read timeout/;

/** TypeORM's Postgres runner hands an error to pg-pool's release this way only (typed private, public in its JS). */
interface ReleasableWithError {
  releasePostgresConnection(error: Error): Promise<void>;
}

/**
 * Runs one read on the read replica (DATABASE_READ_URL, TypeORM replication); without one, TypeORM
 * serves the 'slave' query runner from the primary.
 */
export async function readOnReplica<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T> {
  const runner = manager.connection.createQueryRunner('slave');
  try {
    return (await runner.query(sql, parameters)) as T;
  } catch (error) {
    // The unanswered query still occupies its connection: released with the error, the pool
    // destroys it rather than queue the next search behind an answer that may never come.
    if (error instanceof Error && UNANSWERED.test(error.message)) await (runner as unknown as ReleasableWithError).releasePostgresConnection(error);
    throw error;
  } finally {
    await runner.release();
  }
}
