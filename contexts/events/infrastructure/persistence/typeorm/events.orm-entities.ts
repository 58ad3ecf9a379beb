import { EventOrmEntity } from './event.orm-entity';
import { SyncRunOrmEntity } from './sync-run.orm-entity';

/** Every entity of the events store, for the apps' and tests' DataSource. */
export const EVENTS_ORM_ENTITIES = [EventOrmEntity, SyncRunOrmEntity];
