import { DataSource } from 'typeorm';
import { EVENTS_MIGRATIONS } from '@contexts/events/infrastructure/persistence/typeorm/events.migrations';
import { EVENTS_ORM_ENTITIES } from '@contexts/events/infrastructure/persistence/typeorm/events.orm-entities';
import { postgresDataSourceOptions } from '@shared/database/data-source-options';
import { runMigrations } from '@shared/database/run-migrations';

/** A DataSource on `url` with the events schema applied, as the apps build it. Destroy it after use. */
export async function migratedEventsDataSource(url: string): Promise<DataSource> {
  const dataSource = new DataSource(
    postgresDataSourceOptions({ url, entities: EVENTS_ORM_ENTITIES, migrations: EVENTS_MIGRATIONS, poolSize: 4 }),
  );
  await dataSource.initialize();
  await runMigrations(dataSource);
  return dataSource;
}
