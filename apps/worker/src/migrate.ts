import 'reflect-metadata';
import { EventsDatabase } from '@contexts/events/infrastructure/persistence/events-database';
import { loadConfig } from '@shared/config/app-config';

/** `npm run migrate`: applies pending migrations, prints them, exits 0, or non-zero with the reason. */
async function migrate(): Promise<void> {
  const database = await EventsDatabase.open(loadConfig(), 'migrate');
  const applied = database.appliedMigrations;
  console.log(applied.length === 0 ? 'migrate: schema is up to date' : `migrate: applied ${applied.join(', ')}`);
  await database.close();
}

migrate()
  .then(() => process.exit(0))
  .catch((error: Error) => {
    console.error(`migrate failed: ${error.message}`);
    process.exit(1);
  });
