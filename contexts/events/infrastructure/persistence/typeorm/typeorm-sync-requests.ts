import { EntityManager } from 'typeorm';
import { SyncRequests } from '@contexts/events/domain/sync-requests';

/** Workers may LISTEN on this channel to take a request at once instead of at their next look. */
export const SYNC_REQUESTED_CHANNEL = 'events_sync_requested';

/**
 * Sync requests as rows of `sync_requests`. Taking them is one DELETE: when workers race for the
 * same rows, PostgreSQL hands each row to exactly one of them.
 */
export class TypeOrmSyncRequests extends SyncRequests {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async request(at: Date): Promise<void> {
    // One statement, so the notification goes out exactly when the row is there to be taken.
    await this.manager.query(
      `WITH requested AS (INSERT INTO sync_requests (requested_at) VALUES ($1) RETURNING id)
       SELECT pg_notify($2, id::text) FROM requested`,
      [at, SYNC_REQUESTED_CHANNEL],
    );
  }

  async claim(): Promise<boolean> {
    const [{ claimed }] = await this.manager.query<{ claimed: number }[]>(
      'WITH claimed AS (DELETE FROM sync_requests RETURNING id) SELECT count(*)::int AS claimed FROM claimed',
    );
    return claimed > 0;
  }
}
