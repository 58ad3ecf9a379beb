import { InitialSchema1795289768173 } from './migrations/1795289768173-initial-schema';
import { CompactZones1796018097933 } from './migrations/1796018097933-compact-zones';

/** Every migration of the events store, oldest first, for the apps' and tests' DataSource. */
export const EVENTS_MIGRATIONS = [InitialSchema1795289768173, CompactZones1796018097933];
