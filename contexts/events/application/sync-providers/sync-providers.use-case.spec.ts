import { EventSyncStore, SYNC_LOCKED, SyncLease, WhenBusy } from '../../domain/event-sync-store';
import { SyncRun } from '../../domain/sync-run';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { InMemoryEventSyncStore } from '../../testing/in-memory-event-sync.store';
import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { eventually } from '@shared/testing/eventually';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { RecordingSyncRunObserver } from '../../testing/recording-sync-run.observer';
import { ScriptedEventsProvider } from '../../testing/scripted-events.provider';
import { SyncProviderEventsUseCase } from '../sync-provider-events/sync-provider-events.use-case';
import { SyncProvidersUseCase } from './sync-providers.use-case';
import { UnknownProviderError } from './unknown-provider.error';

/** Notes how many providers' runs hold the store at once. */
class OverlapCountingSyncStore extends EventSyncStore {
  private holding = 0;
  most = 0;

  constructor(private readonly inner: EventSyncStore) {
    super();
  }

  exclusively<T>(provider: string, work: (lease: SyncLease) => Promise<T>, whenBusy?: WhenBusy): Promise<T | typeof SYNC_LOCKED> {
    return this.inner.exclusively(
      provider,
      async (lease) => {
        this.most = Math.max(this.most, ++this.holding);
        try {
          return await work(lease);
        } finally {
          this.holding--;
        }
      },
      whenBusy,
    );
  }
}

/** Fails to record the runs of one provider, as a database refusing that provider's rows would. */
class FailingForOneSyncRunRepository extends InMemorySyncRunRepository {
  constructor(private readonly failing: string) {
    super();
  }

  override start(provider: string, startedAt: Date): Promise<SyncRun> {
    if (provider === this.failing) return Promise.reject(new Error('connection terminated'));
    return super.start(provider, startedAt);
  }
}

describe('SyncProvidersUseCase', () => {
  const names = ['alpha', 'beta', 'gamma', 'delta'];
  let repository: InMemoryEventRepository;
  let store: OverlapCountingSyncStore;
  let runs: InMemorySyncRunRepository;
  let providers: ScriptedEventsProvider[];

  function syncProviders(concurrency: number): SyncProvidersUseCase {
    const syncs = providers.map((provider) => new SyncProviderEventsUseCase(provider, store, runs, new RecordingLogger(), new RecordingSyncRunObserver()));
    return new SyncProvidersUseCase(syncs, concurrency);
  }

  beforeEach(() => {
    repository = new InMemoryEventRepository();
    runs = new InMemorySyncRunRepository();
    store = new OverlapCountingSyncStore(new InMemoryEventSyncStore(repository, runs));
    providers = names.map((name) => new ScriptedEventsProvider(name));
  });

  function serveTwoEventsEach(): void {
    for (const provider of providers) provider.willServe(EventMother.snapshot({ provider: provider.name }), EventMother.snapshot({ provider: provider.name }));
  }

  it('syncs every provider in a run of its own and reports each, in the configured order', async () => {
    serveTwoEventsEach();

    const reports = await syncProviders(2).execute();

    expect(reports.map(({ provider, outcome, inserted }) => ({ provider, outcome, inserted }))).toEqual(
      names.map((provider) => ({ provider, outcome: 'succeeded', inserted: 2 })),
    );
    expect(new Set(reports.map((report) => report.runId)).size).toBe(4);
    expect((await runs.recent(10)).map((run) => run.provider).sort()).toEqual([...names].sort());
  });

  it('keeps what the other providers stored when one fails', async () => {
    providers[0].willServe(EventMother.snapshot({ provider: 'alpha' }));
    providers[1].willServe(EventMother.snapshot({ provider: 'beta' }), { fail: 'beta answered 503' });
    providers[2].willServe(EventMother.snapshot({ provider: 'gamma' }));
    providers[3].willServe();

    const reports = await syncProviders(2).execute();

    expect(reports.map((report) => report.outcome)).toEqual(['succeeded', 'failed', 'succeeded', 'succeeded']);
    expect(reports[1].error).toBe('beta answered 503');
    expect(repository.stored().map((event) => event.identity.provider).sort()).toEqual(['alpha', 'gamma']);
  });

  it('reports a run that could not even be recorded, and goes on with the others', async () => {
    runs = new FailingForOneSyncRunRepository('gamma');
    store = new OverlapCountingSyncStore(new InMemoryEventSyncStore(repository, runs));
    serveTwoEventsEach();

    const reports = await syncProviders(2).execute();

    expect(reports[2]).toMatchObject({ provider: 'gamma', outcome: 'failed', runId: null, error: 'could not run: connection terminated' });
    expect(reports.filter((report) => report.outcome === 'succeeded')).toHaveLength(3);
  });

  it.each([1, 2, 4])('syncs at most %i providers at a time', async (concurrency) => {
    serveTwoEventsEach();

    await syncProviders(concurrency).execute();

    expect(store.most).toBe(concurrency);
  });

  it('tells of each report as its run ends, while a stalled provider still runs', async () => {
    const stop = new AbortController();
    providers[0].willServe({ stall: true });
    for (const provider of providers.slice(1)) provider.willServe(EventMother.snapshot({ provider: provider.name }));
    const told: string[] = [];

    const pass = syncProviders(2).execute({ signal: stop.signal, onReport: (report) => told.push(`${report.provider} ${report.outcome}`) });

    await eventually(() => expect(told).toEqual(['beta succeeded', 'gamma succeeded', 'delta succeeded']));
    stop.abort(new Error('stopping'));
    await pass;
    expect(told).toEqual(['beta succeeded', 'gamma succeeded', 'delta succeeded', 'alpha failed']);
  });

  describe('passes that overlap in one process', () => {
    it('leave a stalled provider to its run and keep syncing the others, within the shared limit', async () => {
      const stop = new AbortController();
      providers[0].willServe({ stall: true });
      for (const provider of providers.slice(1)) provider.willServe(EventMother.snapshot({ provider: provider.name })).willServe();
      const useCase = syncProviders(2);
      const stalled = useCase.execute({ signal: stop.signal });
      // The other three went through the second slot while alpha holds the first.
      await eventually(() => expect(repository.stored()).toHaveLength(3));

      const next = await useCase.execute({ signal: stop.signal });

      expect(next.map((report) => `${report.provider} ${report.outcome}`)).toEqual(['alpha skipped', 'beta succeeded', 'gamma succeeded', 'delta succeeded']);
      expect(next[0]).toMatchObject({ runId: null, error: 'a run of it is already in progress in this worker' });
      expect(store.most).toBe(2);
      stop.abort(new Error('stopping'));
      expect((await stalled).map((report) => report.outcome)).toEqual(['failed', 'succeeded', 'succeeded', 'succeeded']);
    });

    it("with 'wait', run a provider again once this process's run of it is over", async () => {
      providers[2].willServe(EventMother.snapshot({ provider: 'gamma' })).willServe(EventMother.snapshot({ provider: 'gamma' }));
      const useCase = syncProviders(2);

      const [first, second] = await Promise.all([
        useCase.execute({ provider: 'gamma' }),
        useCase.execute({ provider: 'gamma', whenBusy: 'wait' }),
      ]);

      expect([first[0].outcome, second[0].outcome]).toEqual(['succeeded', 'succeeded']);
      expect(store.most).toBe(1);
      expect(repository.stored()).toHaveLength(2);
    });
  });

  it('syncs only the provider asked for', async () => {
    serveTwoEventsEach();

    const reports = await syncProviders(2).execute({ provider: 'gamma' });

    expect(reports.map((report) => report.provider)).toEqual(['gamma']);
    expect(repository.stored().map((event) => event.identity.provider)).toEqual(['gamma', 'gamma']);
  });

  it('refuses a provider that is not configured, naming the ones that are', async () => {
    const failure = syncProviders(2).execute({ provider: 'omega' });

    await expect(failure).rejects.toThrow(UnknownProviderError);
    await expect(failure).rejects.toThrow('Unknown provider "omega"; the configured providers are: alpha, beta, gamma, delta');
  });
});
