import { TicketedEvent, EventSnapshot } from '../../domain/ticketed-event.aggregate';
import { EventSyncSession, EventSyncStore, SYNC_LOCKED, SyncLease, WhenBusy } from '../../domain/event-sync-store';
import { EventMother } from '../../testing/event.mother';
import { InMemoryEventSyncStore } from '../../testing/in-memory-event-sync.store';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { InMemorySyncRunRepository } from '../../testing/in-memory-sync-run.repository';
import { ABANDONED_REASON } from '../../domain/sync-run.repository';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { RecordingSyncRunObserver } from '../../testing/recording-sync-run.observer';
import { ScriptedEventsProvider } from '../../testing/scripted-events.provider';
import { SearchEventsUseCase } from '../search-events/search-events.use-case';
import { SyncOptions, SyncProgress, SyncProviderEventsUseCase } from './sync-provider-events.use-case';

const R1_AT = new Date('2026-01-01T10:00:00Z');
const R2_AT = new Date('2026-01-01T11:00:00Z');
const R3_AT = new Date('2026-01-01T12:00:00Z');

/** Passes everything through to the real fake store, noting the size of every batch written. */
/** Hands the run a session of the test's making around the real one. */
class SessionWatchingSyncStore extends EventSyncStore {
  constructor(
    private readonly inner: EventSyncStore,
    private readonly watch: (session: EventSyncSession) => EventSyncSession,
  ) {
    super();
  }

  exclusively<T>(provider: string, work: (lease: SyncLease) => Promise<T>, whenBusy?: WhenBusy, signal?: AbortSignal): Promise<T | typeof SYNC_LOCKED> {
    return this.inner.exclusively(
      provider,
      (lease) => work({ transaction: (atomic) => lease.transaction((session) => atomic(this.watch(session))) }),
      whenBusy,
      signal,
    );
  }
}

class BatchRecordingSyncStore extends EventSyncStore {
  readonly batchSizes: number[] = [];

  constructor(private readonly inner: EventSyncStore) {
    super();
  }

  exclusively<T>(
    provider: string,
    work: (lease: SyncLease) => Promise<T>,
    whenBusy?: WhenBusy,
    signal?: AbortSignal,
  ): Promise<T | typeof SYNC_LOCKED> {
    return this.inner.exclusively(
      provider,
      (lease) =>
        work({
          transaction: (atomic) =>
            lease.transaction((session) =>
              atomic({
                events: {
                  saveBatch: (events: readonly TicketedEvent[]) => {
                    this.batchSizes.push(events.length);
                    return session.events.saveBatch(events);
                  },
                },
                bumpDataVersion: () => session.bumpDataVersion(),
                runs: session.runs,
              }),
            ),
        }),
      whenBusy,
      signal,
    );
  }
}

describe('SyncProviderEventsUseCase', () => {
  let provider: ScriptedEventsProvider;
  let repository: InMemoryEventRepository;
  let store: InMemoryEventSyncStore;
  let recordingStore: BatchRecordingSyncStore;
  let runs: InMemorySyncRunRepository;
  let logger: RecordingLogger;
  let observer: RecordingSyncRunObserver;
  let now: Date;

  beforeEach(() => {
    provider = new ScriptedEventsProvider();
    repository = new InMemoryEventRepository();
    runs = new InMemorySyncRunRepository();
    store = new InMemoryEventSyncStore(repository, runs);
    recordingStore = new BatchRecordingSyncStore(store);
    logger = new RecordingLogger();
    observer = new RecordingSyncRunObserver();
    now = R1_AT;
  });

  function sync(options: Partial<SyncOptions> = {}): SyncProviderEventsUseCase {
    return new SyncProviderEventsUseCase(provider, recordingStore, runs, logger, observer, options, () => now);
  }

  async function runAt(at: Date, options: Partial<SyncOptions> = {}) {
    now = at;
    return sync(options).execute();
  }

  function storedState() {
    return repository
      .stored()
      .map((event) => event.toPrimitives())
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  function idOf(snapshot: EventSnapshot): string {
    return TicketedEvent.create(snapshot, R1_AT).id;
  }

  async function lastRun() {
    const [run] = await runs.recent(1);
    return run;
  }

  describe('a successful run', () => {
    it('stores every good item and counts the rejected ones', async () => {
      const [a, b] = [EventMother.snapshot(), EventMother.snapshot()];
      provider.willServe(a, { rejected: 'base event 9 / event 9' }, b, EventMother.snapshot({ startsAt: '2021-02-29T10:00:00' }));

      const report = await sync().execute();

      expect(report).toMatchObject({ outcome: 'succeeded', error: null, read: 4, inserted: 2, changed: 0, unchanged: 0, rejected: 2 });
      expect(repository.stored().map((event) => event.id).sort()).toEqual([idOf(a), idOf(b)].sort());
    });

    it('records the run with its counts and times', async () => {
      provider.willServe(EventMother.snapshot(), { rejected: 'x' });
      const ticks = [R1_AT, new Date(R1_AT.getTime() + 1500)];
      const report = await new SyncProviderEventsUseCase(provider, store, runs, logger, observer, {}, () => ticks.shift() as Date).execute();

      expect(report.elapsedMs).toBe(1500);
      expect(await runs.recent(10)).toEqual([
        {
          id: report.runId,
          provider: 'default',
          startedAt: R1_AT,
          finishedAt: new Date(R1_AT.getTime() + 1500),
          outcome: 'succeeded',
          error: null,
          read: 2,
          inserted: 1,
          changed: 0,
          unchanged: 0,
          rejected: 1,
        },
      ]);
    });

    it('records its success in its own transaction, so the outcome is committed with the data', async () => {
      provider.willServe(EventMother.snapshot());
      const recordedInside: string[] = [];
      const watching = new SessionWatchingSyncStore(store, (session) => ({
        events: session.events,
        bumpDataVersion: () => session.bumpDataVersion(),
        runs: {
          finish: (...record) => {
            recordedInside.push(record[1]);
            return session.runs.finish(...record);
          },
        },
      }));

      const report = await new SyncProviderEventsUseCase(provider, watching, runs, logger, observer, {}, () => now).execute();

      expect(recordedInside).toEqual(['succeeded']);
      expect(await lastRun()).toMatchObject({ id: report.runId, outcome: 'succeeded', read: 1, inserted: 1 });
      expect(observer.finished().map((run) => run.outcome)).toEqual(['succeeded']);
    });

    it('records every run, newest first', async () => {
      const snapshot = EventMother.snapshot();
      provider.willServe(snapshot).willServe(snapshot, EventMother.snapshot());
      const first = await runAt(R1_AT);
      const second = await runAt(R2_AT);

      const recorded = await runs.recent(10);
      expect(recorded.map((run) => run.id)).toEqual([second.runId, first.runId]);
      expect(recorded.map((run) => [run.startedAt, run.read, run.inserted, run.unchanged])).toEqual([
        [R2_AT, 2, 1, 1],
        [R1_AT, 1, 1, 0],
      ]);
    });

    it('stamps the events with the time the run started', async () => {
      const snapshot = EventMother.snapshot();
      provider.willServe(snapshot);
      await runAt(R2_AT);
      expect(repository.find(idOf(snapshot))?.firstSeenAt).toEqual(R2_AT);
    });

    it('succeeds on an empty feed', async () => {
      provider.willServe();
      expect(await sync().execute()).toMatchObject({ outcome: 'succeeded', read: 0, inserted: 0 });
      expect(store.dataVersion()).toBe(0);
    });
  });

  describe('rejections', () => {
    it('logs the first few in full and then only counts them', async () => {
      provider.willServe(
        { rejected: 'item 1' },
        EventMother.snapshot(),
        { rejected: 'item 2' },
        { rejected: 'item 3' },
        { rejected: 'item 4' },
        { rejected: 'item 5' },
      );

      const report = await sync({ rejectionsLogged: 2 }).execute();

      expect(report).toMatchObject({ outcome: 'succeeded', read: 6, inserted: 1, rejected: 5 });
      expect(logger.warnings()).toEqual([
        'rejected feed item item 1: scripted rejection',
        'rejected feed item item 2: scripted rejection',
        'more feed items rejected; counting the rest without logging each',
      ]);
      expect((await lastRun()).rejected).toBe(5);
    });

    it('says why the domain refused an item', async () => {
      provider.willServe(EventMother.snapshot({ baseEventId: '444', eventId: '1642', startsAt: '2021-09-31T20:00:00', endsAt: '2021-09-31T21:00:00' }));
      await sync().execute();
      expect(logger.warnings()).toEqual([expect.stringMatching(/444.*1642.*"2021-09-31T20:00:00" is not a valid date-time/)]);
    });
  });

  describe('batches', () => {
    it('writes the feed in batches of the configured size', async () => {
      const snapshots = [1, 2, 3, 4, 5].map(() => EventMother.snapshot());
      provider.willServe(snapshots[0], snapshots[1], { rejected: 'x' }, snapshots[2], snapshots[3], snapshots[4]);

      const report = await sync({ batchSize: 2 }).execute();

      expect(recordingStore.batchSizes).toEqual([2, 2, 1]);
      expect(report).toMatchObject({ read: 6, inserted: 5, rejected: 1 });
      expect(repository.stored()).toHaveLength(5);
    });

    it('flushes early when a batch holds enough zones, so big events cannot swell memory', async () => {
      const zones = (count: number) => Array.from({ length: count }, (_, i) => EventMother.zone({ zoneId: String(i) }));
      provider.willServe(
        EventMother.snapshot({ zones: zones(3) }),
        EventMother.snapshot({ zones: zones(2) }),
        EventMother.snapshot({ zones: zones(1) }),
        EventMother.snapshot({ zones: zones(1) }),
      );

      await sync({ batchSize: 100, batchZones: 4 }).execute();

      expect(recordingStore.batchSizes).toEqual([2, 2]);
    });

    it('adds up the counts of every batch', async () => {
      const kept = [1, 2, 3].map(() => EventMother.snapshot());
      provider.willServe(...kept);
      await runAt(R1_AT);
      const changed = { ...kept[1], title: 'Renamed' };
      provider.willServe(kept[0], changed, kept[2], EventMother.snapshot(), EventMother.snapshot());

      const report = await runAt(R2_AT, { batchSize: 2 });

      expect(recordingStore.batchSizes.slice(1)).toEqual([2, 2, 1]);
      expect(report).toMatchObject({ read: 5, inserted: 2, changed: 1, unchanged: 2 });
    });

    it('reports progress while a run goes, even when no item arrives', async () => {
      provider.willServe(EventMother.snapshot(), EventMother.snapshot(), { stall: true });
      const stop = new AbortController();
      const reports: SyncProgress[] = [];

      const report = await sync({ progressEveryMs: 5 }).execute({
        signal: stop.signal,
        onProgress: (progress) => {
          reports.push(progress);
          if (reports.length === 2) stop.abort(new Error('stopped'));
        },
      });

      expect(reports).toEqual([
        expect.objectContaining({ provider: 'default', read: 2, bytesReceived: 0 }),
        expect.objectContaining({ provider: 'default', read: 2 }),
      ]);
      expect(report).toMatchObject({ outcome: 'failed', error: 'stopped' });
    });

    it('logs progress by default', async () => {
      provider.willServe(EventMother.snapshot(), { stall: true });
      const stop = new AbortController();
      const logged = new Promise<void>((resolve) => {
        const log = logger.log.bind(logger);
        logger.log = (message: string) => {
          log(message);
          if (message.startsWith('sync progress:')) resolve();
        };
      });

      const running = sync({ progressEveryMs: 5 }).execute({ signal: stop.signal });
      await logged;
      stop.abort(new Error('stopped'));
      await running;

      expect(logger.lines.map((line) => line.message)).toContainEqual(
        expect.stringMatching(/^sync progress: default: 0\.0 MB received, 1 items \(\d+ items\/s\), \d+ s$/),
      );
    });
  });

  describe('runs whose process is gone', () => {
    it('are marked abandoned by the next run of their provider, which holds its lock', async () => {
      const dead = await runs.start('default', new Date(R1_AT.getTime() - 60_000));
      const otherProvider = await runs.start('acme', new Date(R1_AT.getTime() - 60_000));
      provider.willServe(EventMother.snapshot());

      await sync().execute();

      const byId = new Map((await runs.recent(10)).map((run) => [run.id, run]));
      expect(byId.get(dead.id)).toMatchObject({ outcome: 'abandoned', finishedAt: R1_AT, error: ABANDONED_REASON });
      expect(byId.get(otherProvider.id)).toMatchObject({ outcome: 'running' });
      expect(logger.warnings()).toContain('default: marked 1 sync run(s) abandoned: their process is gone');
    });

    it('are marked even when the run itself is not due yet', async () => {
      const dead = await runs.start('default', R1_AT);

      await expect(sync().execute({ dueAfterMs: 60_000 })).resolves.toMatchObject({ outcome: 'skipped', runId: null });

      expect((await runs.recent(1))[0]).toMatchObject({ id: dead.id, outcome: 'abandoned' });
    });
  });

  describe('a run that fails part-way', () => {
    it('leaves the store exactly as before and records the failure', async () => {
      const [a, b] = [EventMother.snapshot(), EventMother.snapshot()];
      provider.willServe(a, b);
      await runAt(R1_AT);
      const before = storedState();
      provider.willServe(
        { ...a, title: 'Changed' },
        { ...b, sellMode: 'offline' },
        EventMother.snapshot(),
        { rejected: 'bad item' },
        { fail: 'provider answered 503' },
        EventMother.snapshot(),
      );

      const report = await runAt(R2_AT, { batchSize: 2 });

      // Writes did reach the session before the failure; none of them may survive it.
      expect(recordingStore.batchSizes.length).toBeGreaterThan(1);
      expect(storedState()).toEqual(before);
      expect(store.dataVersion()).toBe(1);
      expect(report).toMatchObject({
        outcome: 'failed',
        error: 'provider answered 503',
        read: 4,
        inserted: 0,
        changed: 0,
        unchanged: 0,
        rejected: 1,
      });
      expect(await lastRun()).toMatchObject({
        id: report.runId,
        outcome: 'failed',
        error: 'provider answered 503',
        finishedAt: R2_AT,
        read: 4,
        inserted: 0,
        rejected: 1,
      });
    });

    it('stores nothing on a first run that fails', async () => {
      provider.willServe(EventMother.snapshot(), { fail: 'connection reset' });
      const report = await sync({ batchSize: 1 }).execute();
      expect(report.outcome).toBe('failed');
      expect(repository.stored()).toEqual([]);
      expect(store.dataVersion()).toBe(0);
    });

    it('commits nothing when aborted', async () => {
      provider.willServe(EventMother.snapshot());
      const controller = new AbortController();
      controller.abort();

      const report = await sync().execute({ signal: controller.signal });

      expect(report.outcome).toBe('failed');
      expect(repository.stored()).toEqual([]);
      expect((await lastRun()).outcome).toBe('failed');
    });

    it('lets the next run succeed', async () => {
      const snapshot = EventMother.snapshot();
      provider.willServe(snapshot, { fail: 'timeout' }).willServe(snapshot);
      await runAt(R1_AT);
      const report = await runAt(R2_AT);
      expect(report).toMatchObject({ outcome: 'succeeded', inserted: 1 });
      expect(repository.find(idOf(snapshot))?.firstSeenAt).toEqual(R2_AT);
    });
  });

  describe('observing runs', () => {
    it('tells the observer how each run ended, as it is recorded', async () => {
      const snapshot = EventMother.snapshot();
      provider.willServe(snapshot, { rejected: 'x' }).willServe({ ...snapshot, title: 'Renamed' }, { fail: 'provider answered 503' });
      await runAt(R1_AT);
      await runAt(R2_AT);

      const [second, first] = await runs.recent(2);
      expect(observer.finished()).toEqual([first, second]);
      expect(observer.finished().map((run) => [run.provider, run.outcome, run.inserted, run.rejected, run.finishedAt, run.error])).toEqual([
        ['default', 'succeeded', 1, 1, R1_AT, null],
        ['default', 'failed', 0, 0, R2_AT, 'provider answered 503'],
      ]);
    });

    it('observes a skipped run too', async () => {
      provider.willServe(EventMother.snapshot());
      await store.exclusively('default', () => sync().execute());
      expect(observer.finished()).toEqual([expect.objectContaining({ outcome: 'skipped', read: 0 })]);
    });

    it('records and reports a failure without the password of a URL it quotes', async () => {
      provider.willServe(EventMother.snapshot(), { fail: 'https://feed:s3cret@provider.example/api/events answered HTTP 503' });

      const report = await sync().execute();

      const redacted = 'https://feed:***@provider.example/api/events answered HTTP 503';
      expect(report.error).toBe(redacted);
      expect((await lastRun()).error).toBe(redacted);
      expect(observer.finished()[0].error).toBe(redacted);
    });
  });

  describe('a run while another holds the store', () => {
    it('is skipped without reading the feed, and recorded', async () => {
      const snapshot = EventMother.snapshot();
      provider.willServe(snapshot);

      const report = await store.exclusively('default', () => sync().execute());

      expect(report).toMatchObject({ outcome: 'skipped', error: 'another sync run is in progress', read: 0, inserted: 0 });
      expect(repository.stored()).toEqual([]);
      expect(await lastRun()).toMatchObject({ outcome: 'skipped', error: 'another sync run is in progress', read: 0 });
      // The feed is still there for the next run: the skipped one never read it.
      expect(await sync().execute()).toMatchObject({ outcome: 'succeeded', inserted: 1 });
    });

    it('lets exactly one of two simultaneous runs through', async () => {
      provider.willServe(EventMother.snapshot(), EventMother.snapshot());

      const reports = await Promise.all([sync().execute(), sync().execute()]);

      expect(reports.map((report) => report.outcome).sort()).toEqual(['skipped', 'succeeded']);
      expect(repository.stored()).toHaveLength(2);
      expect((await runs.recent(10)).map((run) => run.outcome).sort()).toEqual(['skipped', 'succeeded']);
    });

    it("with 'wait', runs after the other one instead of skipping", async () => {
      provider.willServe(EventMother.snapshot()).willServe(EventMother.snapshot());

      const reports = await Promise.all([sync().execute(), sync().execute({ whenBusy: 'wait' })]);

      expect(reports.map((report) => report.outcome)).toEqual(['succeeded', 'succeeded']);
      expect(repository.stored()).toHaveLength(2);
    });
  });

  describe('providers', () => {
    it('names its provider in the report and the run', async () => {
      provider = new ScriptedEventsProvider('acme').willServe(EventMother.snapshot({ provider: 'acme' }));

      const report = await sync().execute();

      expect(report).toMatchObject({ provider: 'acme', outcome: 'succeeded', inserted: 1 });
      expect(await lastRun()).toMatchObject({ provider: 'acme', outcome: 'succeeded' });
    });

    it('runs while another provider holds the store', async () => {
      provider.willServe(EventMother.snapshot());

      const report = await store.exclusively('other', () => sync().execute());

      expect(report).toMatchObject({ provider: 'default', outcome: 'succeeded', inserted: 1 });
    });

    it('closes its run record before letting the next run of the provider in', async () => {
      provider.willServe(EventMother.snapshot());
      let heldWhenRecorded: boolean | null = null;
      const finish = runs.finish.bind(runs);
      runs.finish = async (...args) => {
        heldWhenRecorded = store.holds('default');
        return finish(...args);
      };

      await sync().execute();

      expect(heldWhenRecorded).toBe(true);
    });
  });

  describe('a scheduled run that is not due', () => {
    const GAP = 60_000;
    const after = (ms: number) => new Date(R1_AT.getTime() + ms);

    it('is skipped, unrecorded and without reading the feed, while the last run is recent', async () => {
      provider.willServe(EventMother.snapshot()).willServe(EventMother.snapshot());
      await runAt(R1_AT, {});
      now = after(GAP - 1);

      const report = await sync().execute({ dueAfterMs: GAP });

      expect(report).toMatchObject({ outcome: 'skipped', runId: null, read: 0, error: 'not due: its last run started 60.0 s ago' });
      expect(await runs.recent(10)).toHaveLength(1);
      expect(repository.stored()).toHaveLength(1);
    });

    it('runs once the gap has passed, and when the provider never ran', async () => {
      provider.willServe(EventMother.snapshot()).willServe(EventMother.snapshot());
      expect(await sync().execute({ dueAfterMs: GAP })).toMatchObject({ outcome: 'succeeded', inserted: 1 });
      now = after(GAP);

      expect(await sync().execute({ dueAfterMs: GAP })).toMatchObject({ outcome: 'succeeded', inserted: 1 });
    });

    it('counts failed runs, so a failing provider is not retried by every worker', async () => {
      provider.willServe({ fail: 'provider answered 503' });
      await runAt(R1_AT);
      now = after(1000);

      expect(await sync().execute({ dueAfterMs: GAP })).toMatchObject({ outcome: 'skipped', runId: null });
    });

    it('is skipped, unrecorded, when another worker holds the lock only to find the run not due either', async () => {
      provider.willServe(EventMother.snapshot());
      await runAt(R1_AT, {});
      now = after(GAP - 1);

      const report = await store.exclusively('default', () => sync().execute({ dueAfterMs: GAP }));

      expect(report).toMatchObject({ outcome: 'skipped', runId: null, error: 'not due: its last run started 60.0 s ago' });
      expect((await runs.recent(10)).map((run) => run.outcome)).toEqual(['succeeded']);
    });

    it('is skipped and recorded when it is due but another run holds the lock', async () => {
      provider.willServe(EventMother.snapshot());
      await runAt(R1_AT, {});
      now = after(GAP);

      const report = await store.exclusively('default', () => sync().execute({ dueAfterMs: GAP }));

      expect(report).toMatchObject({ outcome: 'skipped', error: 'another sync run is in progress' });
      expect((await runs.recent(10)).map((run) => run.outcome)).toEqual(['skipped', 'succeeded']);
    });

    it('does not count skipped runs, nor other providers\' runs', async () => {
      const other = new SyncProviderEventsUseCase(new ScriptedEventsProvider('other').willServe(), store, runs, logger, observer, {}, () => now);
      await other.execute();
      await store.exclusively('default', () => sync().execute());
      provider.willServe(EventMother.snapshot());

      expect(await sync().execute({ dueAfterMs: GAP })).toMatchObject({ outcome: 'succeeded', inserted: 1 });
    });
  });

  describe('the data version', () => {
    it('moves only when a run inserted or changed something', async () => {
      const snapshot = EventMother.snapshot();
      provider
        .willServe(snapshot)
        .willServe(snapshot)
        .willServe({ ...snapshot, soldOut: true })
        .willServe({ rejected: 'x' })
        .willServe();

      const versions: number[] = [];
      for (const at of [R1_AT, R2_AT, R3_AT, R3_AT, R3_AT]) {
        await runAt(at);
        versions.push(store.dataVersion());
      }

      expect(versions).toEqual([1, 1, 2, 2, 2]);
    });

    it('does not move when a run is skipped', async () => {
      provider.willServe(EventMother.snapshot());
      await store.exclusively('default', () => sync().execute());
      expect(store.dataVersion()).toBe(0);
    });
  });

  describe('history across runs', () => {
    it('keeps an event that disappears from a later feed', async () => {
      const [stays, goes] = [EventMother.snapshot(), EventMother.snapshot()];
      provider.willServe(stays, goes).willServe(stays);
      await runAt(R1_AT);
      const report = await runAt(R2_AT);

      expect(report).toMatchObject({ read: 1, unchanged: 1 });
      expect(repository.find(idOf(goes))?.toPrimitives()).toMatchObject({ everOnline: true, lastSeenAt: R1_AT });
    });

    it('keeps an event searchable once it goes offline', async () => {
      const snapshot = EventMother.snapshot({ sellMode: 'online' });
      provider.willServe(snapshot).willServe({ ...snapshot, sellMode: 'offline' });
      await runAt(R1_AT);
      const report = await runAt(R2_AT);

      expect(report).toMatchObject({ changed: 1 });
      expect(repository.find(idOf(snapshot))?.toPrimitives()).toMatchObject({
        sellMode: 'offline',
        everOnline: true,
        firstOnlineAt: R1_AT,
      });
    });

    it('makes an offline event searchable once it goes online', async () => {
      const snapshot = EventMother.snapshot({ sellMode: 'offline' });
      provider.willServe(snapshot).willServe({ ...snapshot, sellMode: 'online' });
      await runAt(R1_AT);
      expect(repository.find(idOf(snapshot))?.everOnline).toBe(false);
      await runAt(R2_AT);

      expect(repository.find(idOf(snapshot))?.toPrimitives()).toMatchObject({
        sellMode: 'online',
        everOnline: true,
        firstOnlineAt: R2_AT,
        firstSeenAt: R1_AT,
      });
    });

    it('does not rewrite events whose values did not change', async () => {
      const snapshot = EventMother.snapshot();
      provider.willServe(snapshot).willServe(snapshot);
      await runAt(R1_AT);
      const report = await runAt(R2_AT);

      expect(report).toMatchObject({ inserted: 0, changed: 0, unchanged: 1 });
      expect(repository.writtenIds()).toEqual([idOf(snapshot)]);
    });
  });

  describe('the provider samples, R1 → R2 → R3', () => {
    const camela = (overrides: Partial<EventSnapshot>) =>
      EventMother.snapshot({
        baseEventId: '291',
        eventId: '291',
        title: 'Camela en concierto',
        startsAt: '2021-06-30T21:00:00',
        endsAt: '2021-06-30T22:00:00',
        sellFrom: '2020-07-01T00:00:00',
        sellTo: '2021-06-30T20:00:00',
        ...overrides,
      });
    const camelaZones = (platea: number, grada: number, a28: number) => [
      EventMother.zone({ zoneId: '40', capacity: platea, price: '20.00', name: 'Platea', numbered: true }),
      EventMother.zone({ zoneId: '38', capacity: grada, price: '15.00', name: 'Grada 2', numbered: false }),
      EventMother.zone({ zoneId: '30', capacity: a28, price: '30.00', name: 'A28', numbered: true }),
    ];
    const pantomima = EventMother.snapshot({
      baseEventId: '322',
      eventId: '1642',
      title: 'Pantomima Full',
      startsAt: '2021-02-10T20:00:00',
      endsAt: '2021-02-10T21:30:00',
      sellFrom: '2021-01-01T00:00:00',
      sellTo: '2021-02-09T19:50:00',
      zones: [EventMother.zone({ zoneId: '311', capacity: 2, price: '55.00', name: 'A42' })],
    });
    const morancos = (endsAt: string, numbered: number, open: number) =>
      EventMother.snapshot({
        baseEventId: '1591',
        eventId: '1642',
        title: 'Los Morancos',
        startsAt: '2021-07-31T20:00:00',
        endsAt,
        sellFrom: '2021-06-26T00:00:00',
        sellTo: '2021-07-31T19:50:00',
        zones: [
          EventMother.zone({ zoneId: '186', capacity: numbered, price: '75.00', name: 'Amfiteatre', numbered: true }),
          EventMother.zone({ zoneId: '186', capacity: open, price: '65.00', name: 'Amfiteatre', numbered: false }),
        ],
      });
    const tributo = (endsAt: string) =>
      EventMother.snapshot({
        baseEventId: '444',
        eventId: '1642',
        title: 'Tributo a Juanito Valderrama',
        sellMode: 'offline',
        startsAt: '2021-09-31T20:00:00',
        endsAt,
        sellFrom: '2021-02-10T00:00:00',
        sellTo: '2021-09-31T19:50:00',
        zones: [EventMother.zone({ zoneId: '7', capacity: 22, price: '65.00', name: 'Amfiteatre', numbered: false })],
      });

    const r1 = [camela({ zones: camelaZones(243, 100, 90) }), pantomima, morancos('2021-07-31T21:00:00', 2, 16)];
    const r2 = [camela({ zones: camelaZones(240, 50, 90) }), morancos('2021-07-31T21:20:00', 0, 14), tributo('2021-09-31T21:00:00')];
    const r3 = [
      camela({ endsAt: '2021-06-30T21:30:00', zones: camelaZones(200, 0, 80) }),
      morancos('2021-07-31T21:00:00', 0, 12),
      tributo('2021-09-31T20:00:00'),
    ];

    beforeEach(() => {
      provider.willServe(...r1).willServe(...r2).willServe(...r3);
    });

    it('counts each run', async () => {
      const reports = [await runAt(R1_AT), await runAt(R2_AT), await runAt(R3_AT)];
      expect(reports.map(({ outcome, read, inserted, changed, unchanged, rejected }) => ({ outcome, read, inserted, changed, unchanged, rejected }))).toEqual([
        { outcome: 'succeeded', read: 3, inserted: 3, changed: 0, unchanged: 0, rejected: 0 },
        { outcome: 'succeeded', read: 3, inserted: 0, changed: 2, unchanged: 0, rejected: 1 },
        { outcome: 'succeeded', read: 3, inserted: 0, changed: 2, unchanged: 0, rejected: 1 },
      ]);
      expect(store.dataVersion()).toBe(3);
    });

    it('keeps event 1642 under base 322 and under base 1591 as two events, and never stores 444', async () => {
      await runAt(R1_AT);
      await runAt(R2_AT);
      await runAt(R3_AT);
      const stored = repository.stored().map((event) => `${event.identity.baseEventId}/${event.identity.eventId}`);
      expect(stored.sort()).toEqual(['1591/1642', '291/291', '322/1642']);
      expect(idOf(pantomima)).not.toBe(idOf(r1[2]));
    });

    it('answers the reference search with the latest known values of 291, 322 and 1591', async () => {
      await runAt(R1_AT);
      await runAt(R2_AT);
      await runAt(R3_AT);

      const page = await new SearchEventsUseCase(repository).execute({
        startsAt: '2021-02-01T00:00:00',
        endsAt: '2022-07-03T00:00:00',
        sortBy: 'starts_at',
        sortDir: 'asc',
        page: null,
      });

      expect(page).toEqual({
        total: 3,
        events: [
          { id: idOf(pantomima), title: 'Pantomima Full', startsAt: '2021-02-10T20:00:00', endsAt: '2021-02-10T21:30:00', minPrice: '55.00', maxPrice: '55.00' },
          { id: idOf(r3[0]), title: 'Camela en concierto', startsAt: '2021-06-30T21:00:00', endsAt: '2021-06-30T21:30:00', minPrice: '15.00', maxPrice: '30.00' },
          { id: idOf(r3[1]), title: 'Los Morancos', startsAt: '2021-07-31T20:00:00', endsAt: '2021-07-31T21:00:00', minPrice: '65.00', maxPrice: '75.00' },
        ],
      });
    });

    it('keeps each event’s sightings', async () => {
      await runAt(R1_AT);
      await runAt(R2_AT);
      await runAt(R3_AT);
      const sightings = (snapshot: EventSnapshot) => {
        const event = repository.find(idOf(snapshot));
        return [event?.firstSeenAt, event?.lastSeenAt, event?.firstOnlineAt];
      };
      expect(sightings(pantomima)).toEqual([R1_AT, R1_AT, R1_AT]);
      expect(sightings(r3[1])).toEqual([R1_AT, R3_AT, R1_AT]);
      expect(repository.find(idOf(r3[1]))?.zones.map((zone) => zone.capacity)).toEqual([0, 12]);
    });
  });
});
