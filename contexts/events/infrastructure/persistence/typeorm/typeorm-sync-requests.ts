import { EntityManager } from 'typeorm';
import { SyncRequests } from '@contexts/events/domain/sync-requests';
import { unlessDatabaseUnavailable } from '../database-unavailability';

/**
 * Sync requests as rows of `sync_requests`. Taking them is one DELETE: when workers race for the
 * same rows, PostgreSQL hands each row to exactly one of them.
 */
export class TypeOrmSyncRequests extends SyncRequests {
  constructor(private readonly manager: EntityManager) {
    super();
  }

  async request(at: Date): Promise<void> {
    await unlessDatabaseUnavailable(() => this.manager.query('INSERT INTO sync_requests (requested_at) VALUES ($1)', [at]));
  }

  async claim(): Promise<boolean> {
    const [{ claimed }] = await this.manager.query<{ claimed: number }[]>(
      'WITH claimed AS (DELETE FROM sync_requests RETURNING id) SELECT count(*)::int AS claimed FROM claimed',
    );
    return claimed > 0;
  }
}
