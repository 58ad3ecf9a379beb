import { DataSource } from 'typeorm';
import { DataVersion } from '@contexts/events/domain/data-version';
import { unlessDatabaseUnavailable } from './database-unavailability';
import { readOnReplica } from './typeorm/read-on-replica';

/**
 * The data version the read replica has replayed so far, read anew on every call (the search cache
 * asks only on a miss). A replica replays in commit order, so rows read on it after this call are
 * at least this fresh: a page can be kept under the version it is sure to hold.
 */
export class ReplicaDataVersion extends DataVersion {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  current(): Promise<number> {
    return unlessDatabaseUnavailable(async () => {
      const [{ version }] = await readOnReplica<{ version: string }[]>(this.dataSource.manager, 'SELECT version FROM data_version WHERE id = 1');
      return Number(version);
    });
  }
}
