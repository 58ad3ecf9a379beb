import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '@shared/config/app-config';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { SyncProvidersUseCase } from '../../application/sync-providers/sync-providers.use-case';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { InMemoryEventSyncStore } from '../../testing/in-memory-event-sync.store';
import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { ScriptedEventsProvider } from '../../testing/scripted-events.provider';
import { SyncEventsScheduler } from './sync-events.scheduler';

function setUp() {
  const providers = [new ScriptedEventsProvider('alpha'), new ScriptedEventsProvider('beta')];
  const repository = new InMemoryEventRepository();
  const store = new InMemoryEventSyncStore(repository);
  const runs = new InMemorySyncRunRepository();
  const syncs = providers.map((provider) => new SyncProviderEventsUseCase(provider, store, runs, new RecordingLogger()));
  const registry = new SchedulerRegistry();
  const scheduler = new SyncEventsScheduler(new SyncProvidersUseCase(syncs, 2), registry, loadConfig({ SYNC_INTERVAL_SECONDS: '3600' }));
  return { providers, repository, store, runs, registry, scheduler };
}

describe('SyncEventsScheduler', () => {
  it('syncs every provider on a trigger', async () => {
    const { providers, repository, scheduler } = setUp();
    providers[0].willServe(EventMother.snapshot({ provider: 'alpha' }), EventMother.snapshot({ provider: 'alpha' }));
    providers[1].willServe(EventMother.snapshot({ provider: 'beta' }));

    const reports = await scheduler.trigger();

    expect(reports?.map(({ provider, outcome, inserted }) => ({ provider, outcome, inserted }))).toEqual([
      { provider: 'alpha', outcome: 'succeeded', inserted: 2 },
      { provider: 'beta', outcome: 'succeeded', inserted: 1 },
    ]);
    expect(repository.stored()).toHaveLength(3);
  });

  it('never overlaps ticks in one process: a tick during a tick is skipped', async () => {
    const { providers, runs, scheduler } = setUp();
    for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name }));

    const [first, second] = await Promise.all([scheduler.trigger(), scheduler.trigger()]);

    expect(first).toHaveLength(2);
    expect(second).toBeNull();
    expect(await runs.recent(10)).toHaveLength(2);
  });

  it('leaves a provider synced less than an interval ago to the next tick, and one held elsewhere too', async () => {
    const { providers, store, runs, scheduler } = setUp();
    providers[0].willServe(EventMother.snapshot({ provider: 'alpha' }));
    providers[1].willServe(EventMother.snapshot({ provider: 'beta' }));
    await scheduler.trigger();

    const reports = await store.exclusively('beta', () => scheduler.trigger());

    expect(reports).toEqual([
      expect.objectContaining({ provider: 'alpha', outcome: 'skipped', runId: null, error: expect.stringMatching(/^not due/) }),
      expect.objectContaining({ provider: 'beta', outcome: 'skipped', error: 'another sync run is in progress' }),
    ]);
    expect((await runs.recent(10)).map((run) => run.outcome)).toEqual(['skipped', 'succeeded', 'succeeded']);
  });

  it('reports a failed run without throwing, so the schedule keeps going', async () => {
    const { providers, scheduler } = setUp();
    providers[0].willServe(EventMother.snapshot({ provider: 'alpha' }), { fail: 'provider answered 503' });
    providers[1].willServe();

    await expect(scheduler.trigger()).resolves.toEqual([
      expect.objectContaining({ provider: 'alpha', outcome: 'failed', error: 'provider answered 503' }),
      expect.objectContaining({ provider: 'beta', outcome: 'succeeded' }),
    ]);
  });

  it('registers its interval at bootstrap and, on shutdown, removes it and waits for the runs in flight', async () => {
    const { providers, registry, repository, scheduler } = setUp();
    for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name }));

    scheduler.onApplicationBootstrap();
    expect(registry.getIntervals()).toEqual(['sync-provider-events']);
    await scheduler.beforeApplicationShutdown();

    expect(registry.getIntervals()).toEqual([]);
    expect(repository.stored()).toHaveLength(2);
  });
});
