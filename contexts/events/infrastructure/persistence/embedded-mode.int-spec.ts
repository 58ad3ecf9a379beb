import { Criteria } from '@contexts/events/domain/criteria/criteria';
import { EventMother } from '@contexts/events/testing/event.mother';
import { withMigratedEventsDatabase } from '@contexts/events/testing/events-data-source';
import { Gate } from '@shared/testing/gate';
import { createPgliteTestDatabase } from '@shared/testing/test-databases';
import { TypeOrmEventRepository } from './typeorm/typeorm-event.repository';
import { TypeOrmEventSyncStore } from './typeorm/typeorm-event-sync.store';

const EVERYTHING = new Criteria([], { by: 'starts_at', direction: 'asc' }, null);

// The repository and the sync store are proven case by case on PostgreSQL; this suite proves that
// the same migrations, statements and locking work on the embedded PostgreSQL (PGlite) `make run` uses.
describe('the events store on the embedded PostgreSQL', () => {
  const context = withMigratedEventsDatabase(createPgliteTestDatabase);

  it('applies the migrations, then stores a run and finds its events', async () => {
    const store = new TypeOrmEventSyncStore(context.dataSource);
    const events = [EventMother.online(), EventMother.offline()];

    const saved = await store.exclusively('default', (lease) =>
      lease.transaction(async (session) => {
        const result = await session.events.saveBatch(events);
        await session.bumpDataVersion();
        return result;
      }),
    );

    expect(saved).toEqual({ inserted: 2, changed: 0, unchanged: 0 });
    const { events: found } = await new TypeOrmEventRepository(context.dataSource.manager).search(EVERYTHING);
    expect(found.map((event) => event.id).sort()).toEqual(events.map((event) => event.id).sort());
  });

  // PGlite serves every connection from one session: the lock cannot tell runs apart, but its
  // socket server queues the other connections' statements while a transaction is open.
  it('runs the transaction of a second run after the first one commits', async () => {
    const store = new TypeOrmEventSyncStore(context.dataSource);
    const firstMayFinish = new Gate();
    const firstHolds = new Gate();
    const order: string[] = [];
    const first = store.exclusively('default', (lease) =>
      lease.transaction(async (session) => {
        await session.events.saveBatch([EventMother.online()]);
        firstHolds.open();
        await firstMayFinish.opened;
        order.push('first');
      }),
    );
    await firstHolds.opened;

    const second = store.exclusively('default', (lease) =>
      lease.transaction(async (session) => {
        await session.events.saveBatch([EventMother.online()]);
        order.push('second');
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(order).toEqual([]);
    firstMayFinish.open();

    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });
});
