import { InitialSchema1795289768173 } from './migrations/1795289768173-initial-schema';
import { SyncRequests1796018242615 } from './migrations/1796018242615-sync-requests';
import { CompactZones1796019594309 } from './migrations/1796019594309-compact-zones';
import { AbandonedSyncRuns1796030000000 } from './migrations/1796030000000-abandoned-sync-runs';
import { ListingJson1796040000000 } from './migrations/1796040000000-listing-json';

/** Every migration of the events store, oldest first, for the apps' and tests' DataSource. */
export const EVENTS_MIGRATIONS = [
  InitialSchema1795289768173,
  SyncRequests1796018242615,
  CompactZones1796019594309,
  AbandonedSyncRuns1796030000000,
  ListingJson1796040000000,
];
