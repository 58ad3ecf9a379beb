import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@shared/config/app-config';
import { CONNECT_TIMEOUT_MS, postgresDataSourceOptions } from '@shared/database/data-source-options';
import { DatabaseEndpoint, resolveDatabaseUrl } from '@shared/database/embedded-postgres';
import { runMigrations } from '@shared/database/run-migrations';
import { waitForDatabase } from '@shared/database/wait-for-database';
import { LogPort } from '@shared/logging/log-port';
import { EVENTS_MIGRATIONS } from './typeorm/events.migrations';
import { EVENTS_ORM_ENTITIES } from './typeorm/events.orm-entities';

/**
 * The events store of this process: connected, migrated (every app applies pending migrations at
 * start, serialized by an advisory lock) and closed last, after the sync in flight has ended.
 */
export class EventsDatabase implements OnApplicationShutdown {
  private constructor(
    readonly endpoint: DatabaseEndpoint,
    readonly dataSource: DataSource,
    /** Names of the migrations this process applied at open (usually none). */
    readonly appliedMigrations: string[],
  ) {}

  static async open(
    config: AppConfig,
    applicationName: string,
    logger: LogPort = new Logger(EventsDatabase.name),
  ): Promise<EventsDatabase> {
    const endpoint = await resolveDatabaseUrl(config, logger);
    try {
      if (config.databaseUrl !== null) {
        await waitForDatabase(config.databaseUrl, { timeoutSeconds: config.databaseConnectTimeoutSeconds, logger });
      }
      // Its pool's replica too (searches read it): a start waits for it the same way, and names it.
      if (config.databaseReadUrl !== null) {
        await waitForDatabase(config.databaseReadUrl, { variable: 'DATABASE_READ_URL', timeoutSeconds: config.databaseConnectTimeoutSeconds, logger });
      }
      const dataSource = new DataSource(
        postgresDataSourceOptions({
          url: endpoint.url,
          readUrl: config.databaseReadUrl,
          poolSize: endpoint.poolSize,
          applicationName,
          entities: EVENTS_ORM_ENTITIES,
          migrations: EVENTS_MIGRATIONS,
          connectTimeoutMs: config.databaseUrl === null ? undefined : CONNECT_TIMEOUT_MS,
        }),
      );
      await dataSource.initialize();
      return new EventsDatabase(endpoint, dataSource, await runMigrations(dataSource));
    } catch (error) {
      await endpoint.close();
      throw error;
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.endpoint.close();
  }
}
