import { Criteria } from '../../domain/criteria/criteria';
import { EventStoreUnavailable } from '../../domain/errors/event-store-unavailable.error';
import { EventSummaryPage } from '../../domain/event-summary';
import { InMemoryEventRepository } from '../../testing/in-memory-event.repository';
import { BoundedSearchEventRepository } from './bounded-search.event-repository';

/** Holds every search until released, counting how many run at once. */
class GatedEventRepository extends InMemoryEventRepository {
  running = 0;
  mostAtOnce = 0;
  private readonly gates: (() => void)[] = [];

  override async search(criteria: Criteria): Promise<EventSummaryPage> {
    this.running += 1;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    await new Promise<void>((resolve) => this.gates.push(resolve));
    this.running -= 1;
    return super.search(criteria);
  }

  /** Resolves once `count` searches are held. */
  async held(count: number): Promise<void> {
    while (this.gates.length < count) await new Promise((resolve) => setImmediate(resolve));
  }

  releaseAll(): void {
    this.gates.splice(0).forEach((release) => release());
  }
}

const UNPAGED = new Criteria([], { by: 'starts_at', direction: 'asc' }, null);
const PAGED = new Criteria([], { by: 'starts_at', direction: 'asc' }, { number: 1, size: 20 });

describe('BoundedSearchEventRepository', () => {
  let events: GatedEventRepository;

  beforeEach(() => {
    events = new GatedEventRepository();
  });

  it('runs at most the bound of unpaged searches at once; the others wait their turn', async () => {
    const bounded = new BoundedSearchEventRepository(events, { maxConcurrent: 2, maxWaiting: 10 });
    const searches = Array.from({ length: 6 }, () => bounded.search(UNPAGED));
    await events.held(2);
    let done = false;
    const all = Promise.all(searches).then(() => (done = true));
    while (!done) {
      events.releaseAll();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await all;
    expect(events.mostAtOnce).toBe(2);
  });

  it('lets searches by page through while unpaged ones hold every slot', async () => {
    const bounded = new BoundedSearchEventRepository(events, { maxConcurrent: 1, maxWaiting: 10 });
    const large = bounded.search(UNPAGED);
    await events.held(1);
    const page = bounded.search(PAGED);
    await events.held(2);
    expect(events.running).toBe(2);
    events.releaseAll();
    await Promise.all([large, page]);
  });

  it('refuses an unpaged search at once when too many wait, as the store being unavailable', async () => {
    const bounded = new BoundedSearchEventRepository(events, { maxConcurrent: 1, maxWaiting: 1 });
    const running = bounded.search(UNPAGED);
    const waiting = bounded.search(UNPAGED);
    await events.held(1);
    await expect(bounded.search(UNPAGED)).rejects.toThrow(EventStoreUnavailable);
    events.releaseAll();
    await running;
    await events.held(1);
    events.releaseAll();
    await waiting;
  });
});
