import { OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { postgresDataSourceOptions } from '@shared/database/data-source-options';
import { EventsDatabase } from './events-database';

export interface SearchDatabaseOptions {
  /** The read replica searches go to, if any (DATABASE_READ_URL). */
  readUrl: string | null;
  /** statement_timeout of every search; null for none (the embedded PGlite takes no startup settings). */
  statementTimeoutMs: number | null;
}

/**
 * The API's own pool for searches, on the events store the process opened (and migrated): its
 * connections carry a statement_timeout, so no search holds a connection or the database for
 * long, while the process's other work (migrations at start, sync runs) keeps the main pool,
 * which has none.
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
        entities: [],
        migrations: [],
        statementTimeoutMs: options.statementTimeoutMs ?? undefined,
      }),
    );
    await dataSource.initialize();
    return new SearchDatabase(dataSource);
  }

  /** Before EventsDatabase closes the embedded server this pool may be connected to. */
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
