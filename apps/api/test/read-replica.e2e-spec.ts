import { DataSource } from 'typeorm';
import { SyncProviderEventsUseCase } from '@contexts/events/application/sync-provider-events/sync-provider-events.use-case';
import { TypeOrmEventSyncStore } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-event-sync.store';
import { TypeOrmSyncRunRepository } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-sync-run.repository';
import { migratedEventsDataSource } from '@contexts/events/testing/events-data-source';
import { RecordingSyncRunObserver } from '@contexts/events/testing/recording-sync-run.observer';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { RunningApi, databaseWithUnusedVersions, startApi } from './api-test-app';
import { SampleFeedProvider } from './sample-feed.provider';

/**
 * DATABASE_READ_URL routes searches to a read replica. Here the "replica" is a second database on
 * the same server that the test fills itself, as replication would: whatever the API answers from
 * it was read there, and whatever the worker side writes lands on the primary only.
 */

const SEARCH = '/search?starts_at=2021-01-01T00:00:00&ends_at=2022-12-31T23:59:59';

describe('the API with a read replica', () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let replicaData: DataSource;
  let api: RunningApi;

  beforeAll(async () => {
    primary = await databaseWithUnusedVersions();
    replica = await createPostgresTestDatabase();
    replicaData = await migratedEventsDataSource(replica.url);
    api = await startApi({ DATABASE_URL: primary.url, DATABASE_READ_URL: replica.url, CACHE_TTL_SECONDS: '60' });
  });

  afterAll(async () => {
    await api?.close();
    await replicaData?.destroy();
    await primary?.dispose();
    await replica?.dispose();
  });

  const titles = async () => {
    const response = await api.get(SEARCH);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { events: { title: string }[] } };
    return body.data.events.map((event) => event.title);
  };
  const countEvents = async (database: DataSource) => Number((await database.query('SELECT count(*) AS n FROM events'))[0].n);

  it('writes a sync to the primary and answers searches from the replica', async () => {
    await api.sync(new SampleFeedProvider('response_1.xml'));
    await api.dataVersionCaughtUp();

    expect(await countEvents(api.database())).toBe(3);
    expect(await countEvents(replicaData)).toBe(0);
    expect(await titles()).toEqual([]);
  });

  it('keeps nothing the lagging replica answered under the new version: once it catches up, searches see the rows', async () => {
    const replicated = new SyncProviderEventsUseCase(
      new SampleFeedProvider('response_1.xml'),
      new TypeOrmEventSyncStore(replicaData),
      new TypeOrmSyncRunRepository(replicaData.manager),
      new RecordingLogger(),
      new RecordingSyncRunObserver(),
    );
    expect(await replicated.execute()).toMatchObject({ outcome: 'succeeded', inserted: 3 });
    const [{ version }] = await api.database().query<{ version: string }[]>('SELECT version FROM data_version');
    await replicaData.query('UPDATE data_version SET version = $1', [version]);

    expect(await titles()).toEqual(['Pantomima Full', 'Camela en concierto', 'Los Morancos']);
  });
});
