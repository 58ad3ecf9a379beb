import { DataSourceOptions } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';

export interface PostgresDataSourceSettings {
  url: string;
  /** A read replica: only queries that ask for it ('slave' query runners) go there, everything else to `url`. */
  readUrl?: string | null;
  /** Passed in by the caller: the shared kernel knows no context's tables. */
  entities: NonNullable<PostgresConnectionOptions['entities']>;
  migrations: NonNullable<PostgresConnectionOptions['migrations']>;
  /** Connections this process may open; see DatabaseEndpoint.poolSize. */
  poolSize?: number;
  /** Shown in pg_stat_activity, to tell the api's connections from the worker's. */
  applicationName?: string;
  /** PostgreSQL's statement_timeout on every connection of the pool (none when unset). */
  statementTimeoutMs?: number;
  /**
   * How long a query may go unanswered before the client gives up on it (none when unset): a
   * server that stops answering (frozen, its connection still open) never cancels anything itself.
   */
  queryTimeoutMs?: number;
  /**
   * How long opening a connection may take (none when unset: the embedded PGlite queues a new
   * connection behind an open transaction, which a first load holds for seconds).
   */
  connectTimeoutMs?: number;
}

/**
 * How long opening a connection to a PostgreSQL server may take: a server that accepts the
 * connection and then says nothing would otherwise hold whoever waits for it for ever.
 */
export const CONNECT_TIMEOUT_MS = 5_000;

/**
 * TypeORM options for PostgreSQL (a server or the embedded PGlite). The schema comes only from
 * migrations, applied by runMigrations(), never from entity synchronization.
 *
 * With a read replica (TypeORM replication), every query still goes to the primary unless it
 * asks for the replica: writes, migrations, locks and sync bookkeeping must see the latest data.
 */
export function postgresDataSourceOptions(settings: PostgresDataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    ...(settings.readUrl
      ? { replication: { master: { url: settings.url }, slaves: [{ url: settings.readUrl }], defaultMode: 'master' as const } }
      : { url: settings.url }),
    entities: settings.entities,
    migrations: settings.migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'all',
    poolSize: settings.poolSize ?? 10,
    applicationName: settings.applicationName,
    extra: {
      // TCP keep-alive: a connection whose server vanished without a word is found dead, not reused for ever.
      keepAlive: true,
      ...(settings.connectTimeoutMs ? { connectionTimeoutMillis: settings.connectTimeoutMs } : {}),
      ...(settings.statementTimeoutMs ? { statement_timeout: settings.statementTimeoutMs } : {}),
      ...(settings.queryTimeoutMs ? { query_timeout: settings.queryTimeoutMs } : {}),
    },
    // Queries carry whole batches as parameters; logging them would flood the output.
    logging: false,
  };
}
