import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '@shared/config/app-config';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { InMemoryEventSyncStore } from '../../testing/in-memory-event-sync.store';
import { InMemorySyncRequests } from '../../testing/in-memory-sync-requests';
import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { RecordingSyncRunObserver } from '../../testing/recording-sync-run.observer';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { ScriptedEventsProvider } from '../../testing/scripted-events.provider';
import { SyncEventsScheduler } from './sync-events.scheduler';

function setUp() {
  const provider = new ScriptedEventsProvider();
  const repository = new InMemoryEventRepository();
  const runs = new InMemorySyncRunRepository();
  const useCase = new SyncProviderEventsUseCase(
    provider,
    new InMemoryEventSyncStore(repository),
    runs,
    new RecordingLogger(),
    new RecordingSyncRunObserver(),
  );
  const registry = new SchedulerRegistry();
  const requests = new InMemorySyncRequests();
  const scheduler = new SyncEventsScheduler(useCase, registry, loadConfig({ SYNC_INTERVAL_SECONDS: '3600' }), requests);
  return { provider, repository, runs, registry, requests, scheduler };
}

describe('SyncEventsScheduler', () => {
  it('runs one sync per trigger', async () => {
    const { provider, repository, scheduler } = setUp();
    provider.willServe(EventMother.snapshot(), EventMother.snapshot());

    const report = await scheduler.trigger();

    expect(report).toMatchObject({ outcome: 'succeeded', inserted: 2 });
    expect(repository.stored()).toHaveLength(2);
  });

  it('never overlaps runs in one process: a tick during a run is skipped', async () => {
    const { provider, runs, scheduler } = setUp();
    provider.willServe(EventMother.snapshot()).willServe(EventMother.snapshot());

    const [first, second] = await Promise.all([scheduler.trigger(), scheduler.trigger()]);

    expect(first).toMatchObject({ outcome: 'succeeded' });
    expect(second).toBeNull();
    expect(await runs.recent(10)).toHaveLength(1);
  });

  it('reports a failed run without throwing, so the schedule keeps going', async () => {
    const { provider, scheduler } = setUp();
    provider.willServe(EventMother.snapshot(), { fail: 'provider answered 503' });

    await expect(scheduler.trigger()).resolves.toMatchObject({ outcome: 'failed', error: 'provider answered 503' });
  });

  it('registers its interval at bootstrap and, on shutdown, removes it and aborts the run in flight, even a stalled one', async () => {
    const { provider, registry, repository, runs, scheduler } = setUp();
    provider.willServe(EventMother.snapshot(), { stall: true });

    scheduler.onApplicationBootstrap();
    expect(registry.getIntervals()).toEqual(['sync-provider-events', 'sync-requests']);
    await scheduler.beforeApplicationShutdown('SIGTERM');

    expect(registry.getIntervals()).toEqual([]);
    expect(repository.stored()).toHaveLength(0);
    expect(await runs.recent(1)).toEqual([
      expect.objectContaining({ outcome: 'failed', error: 'the worker is stopping (SIGTERM): run rolled back' }),
    ]);
  });

  it('starts no run once stopping', async () => {
    const { provider, runs, scheduler } = setUp();
    provider.willServe(EventMother.snapshot());
    await scheduler.beforeApplicationShutdown('SIGTERM');

    await expect(scheduler.trigger()).resolves.toBeNull();
    expect(await runs.recent(1)).toEqual([]);
  });

  describe('manual sync requests', () => {
    it('runs a sync when one was requested, and claims the request', async () => {
      const { provider, requests, repository, scheduler } = setUp();
      provider.willServe(EventMother.snapshot());
      await requests.request(new Date());

      const report = await scheduler.takeRequest();

      expect(report).toMatchObject({ outcome: 'succeeded', inserted: 1 });
      expect(repository.stored()).toHaveLength(1);
      expect(requests.pendingCount()).toBe(0);
    });

    it('does nothing when nobody asked', async () => {
      const { runs, scheduler } = setUp();

      expect(await scheduler.takeRequest()).toBeNull();
      expect(await runs.recent(10)).toEqual([]);
    });

    it('leaves the request to be taken after the run in flight, by this worker or another', async () => {
      const { provider, requests, runs, scheduler } = setUp();
      provider.willServe(EventMother.snapshot()).willServe(EventMother.snapshot());
      await requests.request(new Date());

      const [scheduled, requested] = await Promise.all([scheduler.trigger(), scheduler.takeRequest()]);

      expect(scheduled).toMatchObject({ outcome: 'succeeded' });
      expect(requested).toBeNull();
      expect(requests.pendingCount()).toBe(1);
      expect(await scheduler.takeRequest()).toMatchObject({ outcome: 'succeeded' });
      expect(await runs.recent(10)).toHaveLength(2);
    });
  });
});
