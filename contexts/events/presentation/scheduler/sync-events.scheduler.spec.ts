import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '@shared/config/app-config';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { InMemoryEventSyncStore } from '../../testing/in-memory-event-sync.store';
import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { ScriptedEventsProvider } from '../../testing/scripted-events.provider';
import { SyncEventsScheduler } from './sync-events.scheduler';

function setUp() {
  const provider = new ScriptedEventsProvider();
  const repository = new InMemoryEventRepository();
  const runs = new InMemorySyncRunRepository();
  const useCase = new SyncProviderEventsUseCase(provider, new InMemoryEventSyncStore(repository), runs, new RecordingLogger());
  const registry = new SchedulerRegistry();
  const scheduler = new SyncEventsScheduler(useCase, registry, loadConfig({ SYNC_INTERVAL_SECONDS: '3600' }));
  return { provider, repository, runs, registry, scheduler };
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
    expect(registry.getIntervals()).toEqual(['sync-provider-events']);
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
});
