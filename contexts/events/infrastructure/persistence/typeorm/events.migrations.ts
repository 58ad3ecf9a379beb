import { InitialSchema1795289768173 } from './migrations/1795289768173-initial-schema';

/** Every migration of the events store, oldest first, for the apps' and tests' DataSource. */
export const EVENTS_MIGRATIONS = [InitialSchema1795289768173];
