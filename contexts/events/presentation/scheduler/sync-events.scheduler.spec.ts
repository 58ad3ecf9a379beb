import { SchedulerRegistry } from '@nestjs/schedule';
import { loadConfig } from '@shared/config/app-config';
import { SyncProviderEventsUseCase } from '../../application/sync-provider-events/sync-provider-events.use-case';
import { SyncProvidersUseCase } from '../../application/sync-providers/sync-providers.use-case';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { InMemoryEventSyncStore } from '../../testing/in-memory-event-sync.store';
import { InMemorySyncRequests } from '../../testing/in-memory-sync-requests';
import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { RecordingSyncRunObserver } from '../../testing/recording-sync-run.observer';
import { eventually } from '@shared/testing/eventually';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { ScriptedEventsProvider } from '../../testing/scripted-events.provider';
import { SyncEventsScheduler } from './sync-events.scheduler';

function setUp() {
  const providers = [new ScriptedEventsProvider('alpha'), new ScriptedEventsProvider('beta')];
  const repository = new InMemoryEventRepository();
  const runs = new InMemorySyncRunRepository();
  const store = new InMemoryEventSyncStore(repository, runs);
  const clock = { now: new Date('2026-01-01T10:00:00Z') };
  const syncs = providers.map(
    (provider) => new SyncProviderEventsUseCase(provider, store, runs, new RecordingLogger(), new RecordingSyncRunObserver(), {}, () => clock.now),
  );
  const registry = new SchedulerRegistry();
  const requests = new InMemorySyncRequests();
  const scheduler = new SyncEventsScheduler(new SyncProvidersUseCase(syncs, 2), registry, loadConfig({ SYNC_INTERVAL_SECONDS: '3600' }), requests);
  const intervalLater = () => (clock.now = new Date(clock.now.getTime() + 3_600_000));
  return { providers, repository, store, runs, registry, requests, scheduler, intervalLater };
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

  it('keeps ticking while a provider stalls: the next tick skips it and syncs the others', async () => {
    const { providers, runs, scheduler, intervalLater } = setUp();
    providers[0].willServe({ stall: true });
    providers[1].willServe(EventMother.snapshot({ provider: 'beta' })).willServe(EventMother.snapshot({ provider: 'beta' }));
    const stalled = scheduler.trigger();
    await eventually(async () => expect((await runs.recent(10)).filter((run) => run.outcome === 'succeeded')).toHaveLength(1));

    intervalLater();
    const next = await scheduler.trigger();

    expect(next?.map((report) => `${report.provider} ${report.outcome}`)).toEqual(['alpha skipped', 'beta succeeded']);
    await scheduler.beforeApplicationShutdown('SIGTERM');
    expect((await stalled)?.map((report) => report.outcome)).toEqual(['failed', 'succeeded']);
  });

  it('leaves a provider synced less than an interval ago to the next tick, and one due but held elsewhere too', async () => {
    const { providers, store, runs, scheduler } = setUp();
    providers[0].willServe(EventMother.snapshot({ provider: 'alpha' }));
    await store.exclusively('beta', () => scheduler.trigger());

    const reports = await store.exclusively('beta', () => scheduler.trigger());

    expect(reports).toEqual([
      expect.objectContaining({ provider: 'alpha', outcome: 'skipped', runId: null, error: expect.stringMatching(/^not due/) }),
      expect.objectContaining({ provider: 'beta', outcome: 'skipped', error: 'another sync run is in progress' }),
    ]);
    expect((await runs.recent(10)).map((run) => `${run.provider} ${run.outcome}`)).toEqual(['beta skipped', 'alpha succeeded', 'beta skipped']);
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

  it('registers its interval at bootstrap and, on shutdown, removes it and aborts the runs in flight, even stalled ones', async () => {
    const { providers, registry, repository, runs, scheduler } = setUp();
    for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name }), { stall: true });

    scheduler.onApplicationBootstrap();
    expect(registry.getIntervals()).toEqual(['sync-provider-events', 'sync-requests']);
    await scheduler.beforeApplicationShutdown('SIGTERM');

    expect(registry.getIntervals()).toEqual([]);
    expect(repository.stored()).toHaveLength(0);
    expect((await runs.recent(10)).map((run) => [run.provider, run.outcome, run.error]).sort()).toEqual([
      ['alpha', 'failed', 'the worker is stopping (SIGTERM): run rolled back'],
      ['beta', 'failed', 'the worker is stopping (SIGTERM): run rolled back'],
    ]);
  });

  it('starts no run once stopping', async () => {
    const { providers, runs, scheduler } = setUp();
    for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name }));
    await scheduler.beforeApplicationShutdown('SIGTERM');

    await expect(scheduler.trigger()).resolves.toBeNull();
    expect(await runs.recent(1)).toEqual([]);
  });

  describe('manual sync requests', () => {
    it('syncs every provider when one was requested, and claims the request', async () => {
      const { providers, requests, repository, scheduler } = setUp();
      for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name }));
      await requests.request(new Date());

      const reports = await scheduler.takeRequest();

      expect(reports?.map((report) => `${report.provider} ${report.outcome}`)).toEqual(['alpha succeeded', 'beta succeeded']);
      expect(repository.stored()).toHaveLength(2);
      expect(requests.pendingCount()).toBe(0);
    });

    it('syncs a provider even if it ran a moment ago', async () => {
      const { providers, requests, scheduler } = setUp();
      for (const provider of providers) provider.willServe().willServe(EventMother.snapshot({ provider: provider.name }));
      await scheduler.trigger();
      await requests.request(new Date());

      const reports = await scheduler.takeRequest();

      expect(reports?.map((report) => [report.outcome, report.inserted])).toEqual([
        ['succeeded', 1],
        ['succeeded', 1],
      ]);
    });

    it('does nothing when nobody asked', async () => {
      const { runs, scheduler } = setUp();

      expect(await scheduler.takeRequest()).toBeNull();
      expect(await runs.recent(10)).toEqual([]);
    });

    it('waits for the runs in flight here, then syncs again, so the request leads to runs that started after it', async () => {
      const { providers, requests, runs, scheduler } = setUp();
      for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name })).willServe();
      await requests.request(new Date());

      const [scheduled, requested] = await Promise.all([scheduler.trigger(), scheduler.takeRequest()]);

      expect(scheduled?.map((report) => report.outcome)).toEqual(['succeeded', 'succeeded']);
      expect(requested?.map((report) => report.outcome)).toEqual(['succeeded', 'succeeded']);
      expect(requests.pendingCount()).toBe(0);
      expect(await runs.recent(10)).toHaveLength(4);
    });

    it('serves one request at a time', async () => {
      const { providers, requests, scheduler } = setUp();
      for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name }));
      await requests.request(new Date());

      const [first, second] = await Promise.all([scheduler.takeRequest(), scheduler.takeRequest()]);

      expect(first).toHaveLength(2);
      expect(second).toBeNull();
    });
  });
});
