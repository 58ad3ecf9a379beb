import { Registry } from 'prom-client';
import { FinishedSyncRun } from '@contexts/events/domain/sync-run.observer';
import { PrometheusSyncObserver } from './prometheus-sync.observer';

const STARTED = new Date('2026-03-01T10:00:00.000Z');

function run(overrides: Partial<FinishedSyncRun> = {}): FinishedSyncRun {
  return {
    id: 'run-1',
    provider: 'acme',
    startedAt: STARTED,
    finishedAt: new Date(STARTED.getTime() + 2_500),
    outcome: 'succeeded',
    error: null,
    read: 10,
    inserted: 4,
    changed: 3,
    unchanged: 2,
    rejected: 1,
    ...overrides,
  };
}

describe('PrometheusSyncObserver', () => {
  let registry: Registry;
  let observer: PrometheusSyncObserver;

  beforeEach(() => {
    registry = new Registry();
    observer = new PrometheusSyncObserver(registry);
  });

  /** The exposition lines of one metric, as /metrics serves them. */
  async function lines(name: string): Promise<string[]> {
    const text = await registry.getSingleMetricAsString(name);
    return text.split('\n').filter((line) => line.startsWith(name));
  }

  it('counts runs by provider and outcome', async () => {
    observer.runFinished(run());
    observer.runFinished(run({ outcome: 'failed', error: 'HTTP 503' }));
    observer.runFinished(run({ provider: 'other', outcome: 'skipped' }));
    observer.runFinished(run());

    expect(await lines('events_sync_runs_total')).toEqual([
      'events_sync_runs_total{provider="acme",outcome="succeeded"} 2',
      'events_sync_runs_total{provider="acme",outcome="failed"} 1',
      'events_sync_runs_total{provider="other",outcome="skipped"} 1',
    ]);
  });

  it('adds up the items of every run by kind', async () => {
    observer.runFinished(run());
    observer.runFinished(run({ inserted: 0, changed: 1, unchanged: 8, rejected: 0 }));

    expect(await lines('events_sync_items_total')).toEqual([
      'events_sync_items_total{provider="acme",kind="inserted"} 4',
      'events_sync_items_total{provider="acme",kind="changed"} 4',
      'events_sync_items_total{provider="acme",kind="unchanged"} 10',
      'events_sync_items_total{provider="acme",kind="rejected"} 1',
    ]);
  });

  it('times runs that read the feed, not skipped ones', async () => {
    observer.runFinished(run());
    observer.runFinished(run({ outcome: 'skipped', finishedAt: new Date(STARTED.getTime() + 100_000) }));

    const durations = await lines('events_sync_duration_seconds');
    expect(durations).toContain('events_sync_duration_seconds_sum{provider="acme"} 2.5');
    expect(durations).toContain('events_sync_duration_seconds_count{provider="acme"} 1');
  });

  it('stamps the last successful sync, forward only, and ignores failures', async () => {
    observer.runFinished(run());
    observer.runFinished(run({ outcome: 'failed', finishedAt: new Date('2026-03-01T11:00:00.000Z') }));
    observer.succeededAt('acme', new Date('2026-02-01T00:00:00.000Z'));
    observer.succeededAt('other', new Date('2026-02-01T00:00:00.000Z'));

    expect(await lines('events_last_successful_sync_timestamp_seconds')).toEqual([
      `events_last_successful_sync_timestamp_seconds{provider="acme"} ${(STARTED.getTime() + 2_500) / 1000}`,
      `events_last_successful_sync_timestamp_seconds{provider="other"} ${Date.parse('2026-02-01T00:00:00.000Z') / 1000}`,
    ]);
  });

  describe('reading the last successes on record at every scrape', () => {
    const GAUGE = 'events_last_successful_sync_timestamp_seconds';
    let onRecord: Map<string, Date>;
    let failing: boolean;

    beforeEach(() => {
      onRecord = new Map();
      failing = false;
      registry = new Registry();
      observer = new PrometheusSyncObserver(registry, async () => {
        if (failing) throw new Error('database down');
        return onRecord;
      });
    });

    it("reports another process's success, and a later one of its own", async () => {
      onRecord.set('acme', new Date('2026-02-01T00:00:00.000Z'));
      expect(await lines(GAUGE)).toEqual([`${GAUGE}{provider="acme"} ${Date.parse('2026-02-01T00:00:00.000Z') / 1000}`]);

      observer.runFinished(run());
      expect(await lines(GAUGE)).toEqual([`${GAUGE}{provider="acme"} ${(STARTED.getTime() + 2_500) / 1000}`]);
    });

    it('keeps what it knows while the record cannot be read', async () => {
      observer.runFinished(run());
      failing = true;

      expect(await lines(GAUGE)).toEqual([`${GAUGE}{provider="acme"} ${(STARTED.getTime() + 2_500) / 1000}`]);
    });
  });

  it('times provider calls and counts their failures by reason', async () => {
    observer.callFinished('acme', 0.2);
    observer.callFinished('acme', 1.3);
    observer.callFailed('acme', 'http_status');
    observer.callFailed('acme', 'http_status');
    observer.callFailed('acme', 'circuit_open');

    const durations = await lines('events_provider_request_duration_seconds');
    expect(durations).toContain('events_provider_request_duration_seconds_sum{provider="acme"} 1.5');
    expect(durations).toContain('events_provider_request_duration_seconds_count{provider="acme"} 2');
    expect(await lines('events_provider_errors_total')).toEqual([
      'events_provider_errors_total{provider="acme",reason="http_status"} 2',
      'events_provider_errors_total{provider="acme",reason="circuit_open"} 1',
    ]);
  });

  it('shows the circuit as 1 while open and 0 once closed', async () => {
    observer.circuitChanged('acme', true);
    expect(await lines('events_provider_circuit_open')).toEqual(['events_provider_circuit_open{provider="acme"} 1']);

    observer.circuitChanged('acme', false);
    expect(await lines('events_provider_circuit_open')).toEqual(['events_provider_circuit_open{provider="acme"} 0']);
  });
});
