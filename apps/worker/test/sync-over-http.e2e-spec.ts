import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SyncProviderEventsUseCase } from '@contexts/events/application/sync-provider-events/sync-provider-events.use-case';
import { Criteria } from '@contexts/events/domain/criteria/criteria';
import { EventSummary } from '@contexts/events/domain/event-summary';
import { TypeOrmEventRepository } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-event.repository';
import { TypeOrmEventSyncStore } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-event-sync.store';
import { TypeOrmSyncRunRepository } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-sync-run.repository';
import { HttpFeedEventsProvider } from '@contexts/events/infrastructure/provider/http-feed-events.provider';
import { migratedEventsDataSource } from '@contexts/events/testing/events-data-source';
import { RecordingSyncRunObserver } from '@contexts/events/testing/recording-sync-run.observer';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { RunningProviderSim, startProviderSim } from '@shared/provider-sim/provider-sim.server';

/** The whole sync path for real: simulator over HTTP → streaming translator → PostgreSQL. */

const SEARCHABLE = new Criteria([{ field: 'ever_online', operator: 'eq', value: true }], { by: 'starts_at', direction: 'asc' }, null);
const EVERYTHING = new Criteria([], { by: 'starts_at', direction: 'asc' }, null);

let database: TestDatabase;
let dataSource: DataSource;
let sim: RunningProviderSim | undefined;

async function startSim(options: Parameters<typeof startProviderSim>[0] = {}): Promise<RunningProviderSim> {
  sim = await startProviderSim({ port: 0, host: '127.0.0.1', ...options });
  return sim;
}

function sync(timeoutMs = 2_000): SyncProviderEventsUseCase {
  const provider = new HttpFeedEventsProvider({
    name: 'default',
    feedUrl: `${(sim as RunningProviderSim).url}/api/events`,
    timeoutMs,
    resilience: { retries: 1, initialDelayMs: 10, maxDelayMs: 20, breakerThreshold: 1_000 },
  });
  return new SyncProviderEventsUseCase(
    provider,
    new TypeOrmEventSyncStore(dataSource),
    new TypeOrmSyncRunRepository(dataSource.manager),
    new RecordingLogger(),
    new RecordingSyncRunObserver(),
  );
}

const repository = () => new TypeOrmEventRepository(dataSource.manager);
const searchable = async () => (await repository().search(SEARCHABLE)).events;
const lastRun = async () => (await new TypeOrmSyncRunRepository(dataSource.manager).recent(1))[0];

function summary(title: string, from: string, to: string, min: string, max: string): Partial<EventSummary> {
  return { title, startsAt: from, endsAt: to, minPrice: min, maxPrice: max };
}

beforeEach(async () => {
  database = await createPostgresTestDatabase();
  dataSource = await migratedEventsDataSource(database.url);
}, 30_000);

afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await dataSource.destroy();
  await database.dispose();
});

describe('sync over HTTP into PostgreSQL', () => {
  it('R1 → R2 → R3: latest values, vanished events kept, the offline one never searchable', async () => {
    await startSim({ mode: 'samples' });

    const reports = [await sync().execute(), await sync().execute(), await sync().execute()];

    expect(reports.map((report) => report.outcome)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(reports[1]).toMatchObject({ read: 3, rejected: 1 }); // 444's 2021-09-31
    expect(await searchable()).toEqual([
      expect.objectContaining(summary('Pantomima Full', '2021-02-10T20:00:00', '2021-02-10T21:30:00', '55.00', '55.00')),
      expect.objectContaining(summary('Camela en concierto', '2021-06-30T21:00:00', '2021-06-30T21:30:00', '15.00', '30.00')),
      expect.objectContaining(summary('Los Morancos', '2021-07-31T20:00:00', '2021-07-31T21:00:00', '65.00', '75.00')),
    ]);
  });

  it.each([
    ['503 with an empty body', '503'],
    ['a truncated body', 'truncate'],
    ['malformed XML', 'malformed'],
    ['HTML instead of XML', 'html'],
  ])('a run that gets %s leaves the store as it was and is recorded as failed', async (_label, fault) => {
    const { url } = await startSim({ mode: 'samples' });
    await sync().execute();
    const before = await repository().search(EVERYTHING);
    await fetch(`${url}/faults?fault=${fault}&count=5`, { method: 'POST' });

    const report = await sync().execute();

    expect(report.outcome).toBe('failed');
    expect(report.error).toEqual(expect.any(String));
    expect(await repository().search(EVERYTHING)).toEqual(before);
    expect(await lastRun()).toMatchObject({ outcome: 'failed', error: report.error, inserted: 0, changed: 0 });
  });

  it.each([
    ['a provider slower than the timeout', 'delay'],
    ['a body that drips slower than the timeout', 'drip'],
  ])('%s fails the run and leaves the store as it was', async (_label, fault) => {
    const { url } = await startSim({ mode: 'samples', delayMs: 3_000 });
    await sync().execute();
    const before = await repository().search(EVERYTHING);
    await fetch(`${url}/faults?fault=${fault}&count=5`, { method: 'POST' });

    const report = await sync(500).execute();

    expect(report.outcome).toBe('failed');
    expect(await repository().search(EVERYTHING)).toEqual(before);
    expect(await lastRun()).toMatchObject({ outcome: 'failed' });
  }, 20_000);

  it('two runs at once: one syncs, the other is skipped and recorded', async () => {
    await startSim({ mode: 'samples', fault: 'delay', delayMs: 300 });

    const reports = await Promise.all([sync().execute(), sync().execute()]);

    expect(reports.map((report) => report.outcome).sort()).toEqual(['skipped', 'succeeded']);
  });

  describe('sell mode transitions', () => {
    const feed = (mode: string, baseMode: string) => `<?xml version="1.0" encoding="UTF-8"?>
<planList version="1.0"><output>
  <base_plan base_plan_id="7" sell_mode="${mode}" title="Ópera &amp; &quot;Zarzuela&quot;">
    <plan plan_start_date="2030-05-01T20:00:00" plan_end_date="2030-05-01T22:00:00" plan_id="70" sell_from="2030-01-01T00:00:00" sell_to="2030-05-01T19:00:00" sold_out="false">
      <zone zone_id="1" capacity="10" price="9.99" name="Patio" numbered="true" />
    </plan>
  </base_plan>
  <base_plan base_plan_id="8" sell_mode="${baseMode}" title="Second">
    <plan plan_start_date="2030-06-01T20:00:00" plan_end_date="2030-06-01T22:00:00" plan_id="80" sell_from="2030-01-01T00:00:00" sell_to="2030-06-01T19:00:00" sold_out="false" />
  </base_plan>
</output></planList>`;

    it('online once stays searchable when later offline; first seen offline becomes searchable once online', async () => {
      const samplesDir = mkdtempSync(join(tmpdir(), 'sell-modes-'));
      writeFileSync(join(samplesDir, 'response_1.xml'), feed('online', 'offline'));
      writeFileSync(join(samplesDir, 'response_2.xml'), feed('offline', 'offline'));
      writeFileSync(join(samplesDir, 'response_3.xml'), feed('offline', 'online'));
      await startSim({ mode: 'samples', samplesDir });

      await sync().execute();
      expect((await searchable()).map((event) => event.title)).toEqual(['Ópera & "Zarzuela"']);
      await sync().execute();
      expect((await searchable()).map((event) => event.title)).toEqual(['Ópera & "Zarzuela"']);
      await sync().execute();
      expect(await searchable()).toEqual([
        expect.objectContaining(summary('Ópera & "Zarzuela"', '2030-05-01T20:00:00', '2030-05-01T22:00:00', '9.99', '9.99')),
        expect.objectContaining({ title: 'Second', minPrice: null, maxPrice: null }),
      ]);
    });
  });
});
