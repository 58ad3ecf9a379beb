import { EntityManager } from 'typeorm';
import { EventSyncSession } from '@contexts/events/domain/event-sync-store';
import { TypeOrmEventRepository } from './typeorm-event.repository';
import { TypeOrmSyncRunRepository } from './typeorm-sync-run.repository';

/** Readers LISTEN on this channel for new data versions (see PostgresDataVersion). */
export const DATA_VERSION_CHANNEL = 'events_data_version';

/** What a sync may do, bound to the manager of its one transaction. */
export class TypeOrmEventSyncSession extends EventSyncSession {
  readonly events: TypeOrmEventRepository;
  readonly runs: TypeOrmSyncRunRepository;

  constructor(private readonly manager: EntityManager) {
    super();
    this.events = new TypeOrmEventRepository(manager);
    this.runs = new TypeOrmSyncRunRepository(manager);
  }

  /**
   * Moves forward to the current time in ms (or by one, if the clock lags): unique across resets.
   * Postgres delivers the notification only when the transaction commits, so no reader can see
   * the new version before the data it stands for (and a rolled back run announces nothing).
   */
  async bumpDataVersion(): Promise<number> {
    const [{ version }] = await this.manager.query<{ version: string }[]>(
      `WITH bumped AS (
         UPDATE data_version SET version = GREATEST(version + 1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
         WHERE id = 1 RETURNING version)
       SELECT version, pg_notify($1, version::text) FROM bumped`,
      [DATA_VERSION_CHANNEL],
    );
    return Number(version);
  }
}
