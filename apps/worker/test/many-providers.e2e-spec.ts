import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SyncProviderEventsUseCase } from '@contexts/events/application/sync-provider-events/sync-provider-events.use-case';
import { SyncProvidersUseCase } from '@contexts/events/application/sync-providers/sync-providers.use-case';
import { Criteria } from '@contexts/events/domain/criteria/criteria';
import { TypeOrmEventRepository } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-event.repository';
import { TypeOrmEventSyncStore } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-event-sync.store';
import { TypeOrmSyncRunRepository } from '@contexts/events/infrastructure/persistence/typeorm/typeorm-sync-run.repository';
import { ConfiguredProviderCatalog } from '@contexts/events/infrastructure/provider/configured-provider.catalog';
import { withMigratedEventsDatabase } from '@contexts/events/testing/events-data-source';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { RecordingSyncRunObserver } from '@contexts/events/testing/recording-sync-run.observer';
import { loadConfig } from '@shared/config/app-config';
import { AppProcess } from '@shared/testing/app-process';
import { createPostgresTestDatabase } from '@shared/testing/test-databases';
import { ProviderSimOptions } from '@shared/provider-sim/provider-sim.options';
import { RunningProviderSim, startProviderSim } from '@shared/provider-sim/provider-sim.server';

/** Several providers configured as an operator would (PROVIDERS), synced over HTTP into PostgreSQL. */

const EVERYTHING = new Criteria([], { by: 'starts_at', direction: 'asc' }, null);

const context = withMigratedEventsDatabase(createPostgresTestDatabase);
let sims: RunningProviderSim[] = [];

async function startSim(options: Partial<ProviderSimOptions> = {}): Promise<RunningProviderSim> {
  const sim = await startProviderSim({ port: 0, host: '127.0.0.1', ...options });
  sims.push(sim);
  return sim;
}

/** What the worker wires from these settings, with retries quick enough for a test. */
function syncProviders(providers: string): SyncProvidersUseCase {
  const dataSource: DataSource = context.dataSource;
  const config = loadConfig({ PROVIDERS: providers, PROVIDER_TIMEOUT_MS: '2000' });
  const catalog = new ConfiguredProviderCatalog(config.providers, { timeoutMs: config.providerTimeoutMs });
  const store = new TypeOrmEventSyncStore(dataSource);
  const runs = new TypeOrmSyncRunRepository(dataSource.manager);
  const syncs = catalog.providers.map((provider) => new SyncProviderEventsUseCase(provider, store, runs, new RecordingLogger(), new RecordingSyncRunObserver()));
  return new SyncProvidersUseCase(syncs, config.syncConcurrency);
}

async function storedByProvider(): Promise<Record<string, string[]>> {
  const rows = await context.dataSource.query<{ provider: string; id: string }[]>('SELECT provider, id FROM events ORDER BY id');
  const byProvider: Record<string, string[]> = {};
  for (const row of rows) (byProvider[row.provider] ??= []).push(row.id);
  return byProvider;
}

beforeEach(() => context.dataSource.query('TRUNCATE events, sync_runs'));

afterEach(async () => {
  await Promise.all(sims.map((sim) => sim.close()));
  sims = [];
});

describe('many providers synced over HTTP into PostgreSQL', () => {
  it('stores one provider\'s events when the other fails in the same pass, and records a run for each', async () => {
    const healthy = await startSim();
    const failing = await startSim({ fault: '503' });

    const reports = await syncProviders(`good=${healthy.url}/api/events,bad=${failing.url}/api/events`).execute();

    expect(reports.map(({ provider, outcome, inserted }) => ({ provider, outcome, inserted }))).toEqual([
      { provider: 'good', outcome: 'succeeded', inserted: 3 },
      { provider: 'bad', outcome: 'failed', inserted: 0 },
    ]);
    expect(reports[1].error).toMatch(/answered HTTP 503/);
    expect(Object.keys(await storedByProvider())).toEqual(['good']);
    const runs = await new TypeOrmSyncRunRepository(context.dataSource.manager).recent(10);
    expect(runs.map(({ provider, outcome }) => `${provider} ${outcome}`).sort()).toEqual(['bad failed', 'good succeeded']);
  }, 20_000);

  it('gives the same feed under two names distinct events and ids', async () => {
    const sim = await startSim({ mode: 'generated', baseEvents: 5, eventsPerBase: 2, zonesPerEvent: 1 });
    const feed = `${sim.url}/api/events`;

    const reports = await syncProviders(`north=${feed},south=${feed}`).execute();

    expect(reports.map((report) => [report.provider, report.outcome, report.inserted])).toEqual([
      ['north', 'succeeded', 10],
      ['south', 'succeeded', 10],
    ]);
    const stored = await storedByProvider();
    expect(stored.north).toHaveLength(10);
    expect(stored.south).toHaveLength(10);
    expect(stored.north.filter((id) => stored.south.includes(id))).toEqual([]);
    const { events } = await new TypeOrmEventRepository(context.dataSource.manager).search(EVERYTHING);
    expect(events).toHaveLength(20);
  });

  it('reads a feed from a URL with a path and query of its own, exactly as configured', async () => {
    const sim = await startSim({ feedPath: '/v2/feeds/acme.xml' });

    const [report] = await syncProviders(`acme=${sim.url}/v2/feeds/acme.xml?token=s3cret;format=xml`).execute();

    expect(report).toMatchObject({ provider: 'acme', outcome: 'succeeded', inserted: 3 });
    expect((await storedByProvider()).acme).toHaveLength(3);
  });

  it('syncs only the provider named, leaving the others alone', async () => {
    const sim = await startSim();
    const feed = `${sim.url}/api/events`;

    const reports = await syncProviders(`north=${feed},south=${feed}`).execute({ provider: 'south' });

    expect(reports.map((report) => report.provider)).toEqual(['south']);
    expect(Object.keys(await storedByProvider())).toEqual(['south']);
  });

  describe('npm run sync', () => {
    const syncOnce = (providers: string, args: string[] = []) =>
      AppProcess.start(join(__dirname, '../src/sync-once.ts'), { DATABASE_URL: context.database.url, PROVIDERS: providers, LOG_LEVEL: 'warn' }, args);

    it('prints one line per provider naming it, and exits 1 when one failed, the others committed', async () => {
      const sim = await startSim();
      const sync = syncOnce(`good=${sim.url}/api/events,gone=${sim.url}/nowhere`);

      expect(await sync.exited).toBe(1);
      expect(sync.output).toMatch(/^sync good succeeded: read 3, inserted 3\b/m);
      expect(sync.output).toMatch(/^sync gone failed: .*\/nowhere answered HTTP 404/m);
      expect(Object.keys(await storedByProvider())).toEqual(['good']);
    });

    it('syncs the one provider named with --provider, and exits 0', async () => {
      const sim = await startSim();
      const sync = syncOnce(`north=${sim.url}/api/events,south=${sim.url}/api/events`, ['--provider', 'south']);

      expect(await sync.exited).toBe(0);
      expect(sync.output).toMatch(/^sync south succeeded/m);
      expect(sync.output).not.toMatch(/sync north/);
    });

    it('refuses a provider that is not configured, naming the configured ones', async () => {
      const sync = syncOnce('north=http://127.0.0.1:9/feed', ['--provider', 'west']);

      expect(await sync.exited).toBe(1);
      expect(sync.output).toContain('Unknown provider "west"; the configured providers are: north');
    });
  });
});
