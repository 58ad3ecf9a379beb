import { DataSource } from 'typeorm';
import { withMigratedEventsDatabase } from '@contexts/events/testing/events-data-source';
import { createPostgresTestDatabase } from '@shared/testing/test-databases';
import { TypeOrmSyncRequests } from './typeorm-sync-requests';

const AT = new Date('2026-03-01T10:00:00.000Z');

describe('TypeOrmSyncRequests', () => {
  const context = withMigratedEventsDatabase(createPostgresTestDatabase);
  let dataSource: DataSource;
  let requests: TypeOrmSyncRequests;

  beforeAll(() => {
    dataSource = context.dataSource;
    requests = new TypeOrmSyncRequests(dataSource.manager);
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE sync_requests');
  });

  it('has nothing to claim until a request is made', async () => {
    expect(await requests.claim()).toBe(false);
  });

  it('claims every pending request at once, and each only once', async () => {
    await requests.request(AT);
    await requests.request(AT);

    expect(await requests.claim()).toBe(true);
    expect(await requests.claim()).toBe(false);
  });

  it('gives a request to exactly one of several claimants', async () => {
    await requests.request(AT);

    const claims = await Promise.all([1, 2, 3, 4].map(() => requests.claim()));

    expect(claims.filter(Boolean)).toHaveLength(1);
  });
});
