import { DataSource } from 'typeorm';
import { Criteria } from '@contexts/events/domain/criteria/criteria';
import { EventSyncSession, SYNC_LOCKED } from '@contexts/events/domain/event-sync-store';
import { EventMother } from '@contexts/events/testing/event.mother';
import { storedEvent } from '@contexts/events/testing/stored-events';
import { MigratedEventsDatabase, withMigratedEventsDatabase } from '@contexts/events/testing/events-data-source';
import { Gate } from '@shared/testing/gate';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { EventStoreUnavailable } from '@contexts/events/domain/errors/event-store-unavailable.error';
import { freePort } from '@shared/net/free-port';
import { PostgresDataVersion } from '../postgres-data-version';
import { TypeOrmEventRepository } from './typeorm-event.repository';
import { SYNC_LOCK_KEY, TypeOrmEventSyncStore } from './typeorm-event-sync.store';

const EVERYTHING = new Criteria([], { by: 'starts_at', direction: 'asc' }, null);

async function eventually(assertion: () => Promise<void>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Resolves once a session is blocked waiting for a provider's advisory lock. */
async function aRunWaitsForTheLock(dataSource: DataSource): Promise<void> {
  await eventually(async () => {
    const [{ waiting }] = await dataSource.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
    expect(waiting).toBe(1);
  });
}

/**
 * A run of acme that takes its lock and keeps it until `release()`; resolves once it holds it. The
 * run then ends with what `then` gives.
 */
async function aRunHoldsTheLock<T>(store: TypeOrmEventSyncStore, then: () => T = () => undefined as T) {
  const holds = new Gate();
  const mayFinish = new Gate();
  const run = store.exclusively('acme', async () => {
    holds.open();
    await mayFinish.opened;
    return then();
  });
  await holds.opened;
  return { run, release: () => mayFinish.open() };
}

async function storedVersion(dataSource: DataSource): Promise<number> {
  const [{ version }] = await dataSource.query('SELECT version FROM data_version WHERE id = 1');
  return Number(version);
}

/** The one transaction of a run of `provider`, with its lock held around it. */
function inTransaction<T>(store: TypeOrmEventSyncStore, work: (session: EventSyncSession) => Promise<T>, provider = 'acme') {
  return store.exclusively(provider, (lease) => lease.transaction(work));
}

function withDatabase(create: () => Promise<TestDatabase>) {
  const context = withMigratedEventsDatabase(create) as MigratedEventsDatabase & {
    store: TypeOrmEventSyncStore;
    events: TypeOrmEventRepository;
  };

  beforeAll(() => {
    context.store = new TypeOrmEventSyncStore(context.dataSource);
    context.events = new TypeOrmEventRepository(context.dataSource.manager);
  });

  return context;
}

describe('TypeOrmEventSyncStore', () => {
  const context = withDatabase(createPostgresTestDatabase);

  it('commits what the work saved and returns its result', async () => {
    const event = EventMother.online();

    const result = await inTransaction(context.store, async (session) => {
      await session.events.saveBatch([event]);
      return 'done';
    });

    expect(result).toBe('done');
    const { events } = await context.events.search(EVERYTHING);
    expect(events.map((found) => found.id)).toContain(event.id);
  });

  it('leaves the store exactly as before when the work fails, and rethrows', async () => {
    const before = await context.events.search(EVERYTHING);
    const versionBefore = await storedVersion(context.dataSource);

    const failing = inTransaction(context.store, async (session) => {
      await session.events.saveBatch([EventMother.online(), EventMother.offline()]);
      await session.bumpDataVersion();
      throw new Error('feed broke half-way');
    });

    await expect(failing).rejects.toThrow('feed broke half-way');
    expect(await context.events.search(EVERYTHING)).toEqual(before);
    expect(await storedVersion(context.dataSource)).toBe(versionBefore);
  });

  it('moves the data version forward, inside the run', async () => {
    const before = await storedVersion(context.dataSource);

    const bumped = await inTransaction(context.store, (session) => session.bumpDataVersion());

    expect(bumped).toBeGreaterThan(before);
    expect(await storedVersion(context.dataSource)).toBe(bumped);
  });

  it('lets PostgresDataVersion see a bump, at the latest on its next poll', async () => {
    const dataVersion = new PostgresDataVersion(context.database.url, { pollIntervalMs: 100 });
    await dataVersion.start();
    try {
      const before = await dataVersion.current();
      expect(before).toBe(await storedVersion(context.dataSource));

      const bumped = await inTransaction(context.store, (session) => session.bumpDataVersion());

      expect(bumped).toBeGreaterThan(before);
      await eventually(async () => expect(await dataVersion.current()).toBe(bumped));
    } finally {
      await dataVersion.stop();
    }
  });

  it('says the store is unavailable, not a failure, when PostgresDataVersion cannot reach the database', async () => {
    const unreachable = new URL(context.database.url);
    unreachable.port = String(await freePort()); // nothing listens there
    const dataVersion = new PostgresDataVersion(unreachable.toString());
    try {
      await expect(dataVersion.current()).rejects.toThrow(EventStoreUnavailable);
    } finally {
      await dataVersion.stop();
    }
  });

  it('runs one sync of a provider at a time', async () => {
    const firstHolds = new Gate();
    const firstMayFinish = new Gate();
    const running: string[] = [];
    let overlapped = false;
    const work = (name: string, wait: () => Promise<void>) => async (session: EventSyncSession) => {
      if (running.length > 0) overlapped = true;
      running.push(name);
      await session.events.saveBatch([EventMother.online()]);
      await wait();
      running.splice(running.indexOf(name), 1);
      return name;
    };

    const first = inTransaction(
      context.store,
      work('first', async () => {
        firstHolds.open();
        await firstMayFinish.opened;
      }),
    );
    await firstHolds.opened;
    const second = context.store.exclusively('acme', (lease) => lease.transaction(work('second', async () => undefined)), 'wait');
    await aRunWaitsForTheLock(context.dataSource);
    firstMayFinish.open();

    await expect(first).resolves.toBe('first');
    await expect(second).resolves.toBe('second');
    expect(overlapped).toBe(false);
  });
});

describe('TypeOrmEventSyncStore on PostgreSQL, while a run holds the lock', () => {
  const context = withDatabase(createPostgresTestDatabase);

  it('answers SYNC_LOCKED to a second run without running it', async () => {
    const first = await aRunHoldsTheLock(context.store, () => 'first');
    const secondWork = jest.fn();

    const second = await context.store.exclusively('acme', secondWork);
    first.release();

    expect(second).toBe(SYNC_LOCKED);
    expect(secondWork).not.toHaveBeenCalled();
    await expect(first.run).resolves.toBe('first');
  });

  it("with 'wait', runs a second run right after the first one commits", async () => {
    const order: string[] = [];
    const first = await aRunHoldsTheLock(context.store, () => order.push('first'));

    const second = context.store.exclusively(
      'acme',
      async () => {
        order.push('second');
      },
      'wait',
    );
    await aRunWaitsForTheLock(context.dataSource);
    expect(order).toEqual([]);
    first.release();
    await Promise.all([first.run, second]);

    expect(order).toEqual(['first', 'second']);
  });

  it("with 'wait', gives up after the lock wait and answers SYNC_LOCKED", async () => {
    const first = await aRunHoldsTheLock(context.store);
    const secondWork = jest.fn();

    const second = await new TypeOrmEventSyncStore(context.dataSource, { lockWaitMs: 300 }).exclusively('acme', secondWork, 'wait');
    first.release();
    await first.run;

    expect(second).toBe(SYNC_LOCKED);
    expect(secondWork).not.toHaveBeenCalled();
  });

  it("with 'wait', stops waiting as soon as its signal aborts, with the signal's reason", async () => {
    const first = await aRunHoldsTheLock(context.store);
    const interrupt = new AbortController();
    const secondWork = jest.fn();

    const second = context.store.exclusively('acme', secondWork, 'wait', interrupt.signal);
    await aRunWaitsForTheLock(context.dataSource);
    interrupt.abort(new Error('interrupted by SIGTERM'));

    await expect(second).rejects.toThrow('interrupted by SIGTERM');
    expect(secondWork).not.toHaveBeenCalled();
    first.release();
    await first.run;
  });

  it('keeps the transaction of a live run that writes nothing for longer than the idle timeout', async () => {
    const store = new TypeOrmEventSyncStore(context.dataSource, { idleInTransactionTimeoutMs: 300 });
    const event = EventMother.online();

    await inTransaction(store, async (session) => {
      await session.events.saveBatch([EventMother.online()]);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await session.events.saveBatch([event]);
    });

    expect(await storedEvent(context.dataSource.manager, event.id)).toEqual(event);
  });

  it('takes the lock from a frozen holder once its idle transaction times out', async () => {
    const frozen = new Gate();
    const thaw = new Gate();
    // A frozen process runs no timers: no keep-alive pings.
    const frozenStore = new TypeOrmEventSyncStore(context.dataSource, { idleInTransactionTimeoutMs: 300, keepAliveMs: 0 });
    const holder = inTransaction(frozenStore, async (session) => {
      await session.events.saveBatch([EventMother.online()]);
      frozen.open();
      await thaw.opened;
    });
    await frozen.opened;

    const next = await new TypeOrmEventSyncStore(context.dataSource, { lockWaitMs: 30_000 }).exclusively(
      'acme',
      async () => 'ran',
      'wait',
    );
    thaw.open();

    expect(next).toBe('ran');
    // Its session is gone, and its work with it.
    await expect(holder).rejects.toThrow();
  });

  it('lets runs of other providers through meanwhile', async () => {
    const firstMayFinish = new Gate();
    const first = context.store.exclusively('acme', () => firstMayFinish.opened);

    const other = await inTransaction(context.store, async () => 'other ran', 'tix');
    firstMayFinish.open();

    expect(other).toBe('other ran');
    await first;
  });

  it('frees the provider when the connection holding its lock dies, as with a killed worker', async () => {
    const firstHolds = new Gate();
    const killed = new Gate();
    const first = context.store.exclusively('acme', (lease) =>
      lease.transaction(async (session) => {
        await session.events.saveBatch([EventMother.online()]);
        firstHolds.open();
        await killed.opened;
        await session.events.saveBatch([EventMother.online()]);
      }),
    );
    await firstHolds.opened;
    expect(await context.store.exclusively('acme', async () => 'ran')).toBe(SYNC_LOCKED);

    await context.dataSource.query(
      // With a timeout, pg_terminate_backend returns once the backend is gone, and its locks with it.
      `SELECT pg_terminate_backend(pid, 10000) FROM pg_locks
        WHERE locktype = 'advisory' AND classid = $1 AND objid = hashtext('acme')::oid AND objsubid = 2`,
      [SYNC_LOCK_KEY],
    );
    killed.open();

    // The dead connection fails the run, by the server's message or by TypeORM's once the pool has dropped it.
    await expect(first).rejects.toThrow(/terminat|released/);
    await expect(context.store.exclusively('acme', async () => 'ran')).resolves.toBe('ran');
  });

  it('announces a bump on commit, when the data is already visible', async () => {
    // Polling effectively off: only the notification can move the version.
    const dataVersion = new PostgresDataVersion(context.database.url, { pollIntervalMs: 600_000 });
    await dataVersion.start();
    try {
      const before = await dataVersion.current();
      const event = EventMother.online();
      let visibleWhenAnnounced = false;

      await inTransaction(context.store, async (session) => {
        await session.events.saveBatch([event]);
        await session.bumpDataVersion();
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(await dataVersion.current()).toBe(before); // not before the commit
      });
      await eventually(async () => {
        expect(await dataVersion.current()).toBeGreaterThan(before);
        const { events } = await context.events.search(EVERYTHING);
        visibleWhenAnnounced = events.some((found) => found.id === event.id);
      });

      expect(visibleWhenAnnounced).toBe(true);
    } finally {
      await dataVersion.stop();
    }
  });
});