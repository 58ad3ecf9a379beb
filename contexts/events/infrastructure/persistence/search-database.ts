import { OnApplicationShutdown } from '@nestjs/common';
import { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { postgresDataSourceOptions } from '@shared/database/data-source-options';
import { EventsDatabase } from './events-database';
import { EVENTS_ORM_ENTITIES } from './typeorm/events.orm-entities';

/** Beyond its statement_timeout, how long a search waits for the server's own cancellation to arrive. */
const UNANSWERED_AFTER_TIMEOUT_MS = 1_000;

/**
 * A connection released while a query of it still awaits its answer (node-pg's query_timeout gave
 * up waiting) would make the next request that takes it wait behind that query, for as long as a
 * server that stopped answering stays silent. It is ended instead, so the pool drops it.
 */
function endIfStillAwaitingAnswer(_error: Error | undefined, client: PoolClient): void {
  // _getActiveQuery: node-pg's accessor, underscored but kept for this since the public getter was deprecated; pg is pinned.
  if ((client as PoolClient & { _getActiveQuery(): unknown })._getActiveQuery()) client.end().catch(() => undefined);
}

export interface SearchDatabaseOptions {
  /** The read replica searches go to, if any (DATABASE_READ_URL). */
  readUrl: string | null;
  /** statement_timeout of every search; null for none (the embedded PGlite takes no startup settings). */
  statementTimeoutMs: number | null;
}

/**
 * The API's own pool for searches (and its admin requests), on the events store the process
 * opened (and migrated): its connections carry a statement_timeout, and the client a query
 * timeout just beyond it, so no request holds a connection or the database for long, even when
 * the server stops answering, while the process's other work (migrations at start, sync runs)
 * keeps the main pool, which has neither.
 */
export class SearchDatabase implements OnApplicationShutdown {
  private constructor(readonly dataSource: DataSource) {}

  static async open(events: EventsDatabase, options: SearchDatabaseOptions): Promise<SearchDatabase> {
    const dataSource = new DataSource(
      postgresDataSourceOptions({
        url: events.endpoint.url,
        readUrl: options.readUrl,
        poolSize: events.endpoint.poolSize,
        applicationName: 'events',
        entities: EVENTS_ORM_ENTITIES,
        migrations: [],
        statementTimeoutMs: options.statementTimeoutMs ?? undefined,
        // The server cancels a slow search itself; this catches a server that no longer answers at all.
        queryTimeoutMs: options.statementTimeoutMs ? options.statementTimeoutMs + UNANSWERED_AFTER_TIMEOUT_MS : undefined,
        // Nor does a search wait longer for a connection than it may run.
        connectTimeoutMs: options.statementTimeoutMs ?? undefined,
      }),
    );
    await dataSource.initialize();
    const driver = dataSource.driver as PostgresDriver;
    for (const pool of [driver.master, ...driver.slaves] as Pool[]) pool.on('release', endIfStillAwaitingAnswer);
    return new SearchDatabase(dataSource);
  }

  /** Before EventsDatabase closes the embedded server this pool may be connected to. */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
