import { InMemorySyncRequests } from '../../testing/in-memory-sync-requests';
import { RequestSyncUseCase } from './request-sync.use-case';

describe('RequestSyncUseCase', () => {
  it('leaves a request for a worker to claim', async () => {
    const requests = new InMemorySyncRequests();

    await new RequestSyncUseCase(requests).execute();

    expect(requests.pendingCount()).toBe(1);
    expect(await requests.claim()).toBe(true);
  });
});
