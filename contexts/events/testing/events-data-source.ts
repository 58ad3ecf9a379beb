import { DataSource } from 'typeorm';
import { EVENTS_MIGRATIONS } from '@contexts/events/infrastructure/persistence/typeorm/events.migrations';
import { EVENTS_ORM_ENTITIES } from '@contexts/events/infrastructure/persistence/typeorm/events.orm-entities';
import { postgresDataSourceOptions } from '@shared/database/data-source-options';
import { runMigrations } from '@shared/database/run-migrations';
import { TEST_DATABASE_TIMEOUT_MS, TestDatabase } from '@shared/testing/test-databases';

/** A DataSource on `url` with the events schema applied, as the apps build it. Destroy it after use. */
export async function migratedEventsDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource(
    postgresDataSourceOptions({ url, entities: EVENTS_ORM_ENTITIES, migrations: EVENTS_MIGRATIONS, poolSize: 4 }),
  );
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}

export interface MigratedEventsDatabase {
  database: TestDatabase;
  dataSource: DataSource;
}

/**
 * Gives the enclosing describe a database of its own with the events schema, filled in before its
 * tests (read the fields inside hooks and tests, not at describe time) and dropped after them.
 */
export function withMigratedEventsDatabase(create: () => Promise<TestDatabase>): MigratedEventsDatabase {
  const context = {} as MigratedEventsDatabase;

  beforeAll(async () => {
    context.database = await create();
    context.dataSource = await migratedEventsDataSource(context.database.url);
  }, TEST_DATABASE_TIMEOUT_MS);

  afterAll(async () => {
    await context.dataSource?.destroy();
    await context.database?.dispose();
  }, TEST_DATABASE_TIMEOUT_MS);

  return context;
}
