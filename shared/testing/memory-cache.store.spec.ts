import { setTimeout as sleep } from 'node:timers/promises';
import { MemoryCacheStore } from './memory-cache.store';

describe('MemoryCacheStore', () => {
  it('returns what was set and nothing for an unknown key', async () => {
    const store = new MemoryCacheStore();
    await store.set('a', 'body', 60);

    await expect(store.get('a')).resolves.toBe('body');
    await expect(store.get('b')).resolves.toBeUndefined();
  });

  it('forgets an entry once its time to live has passed', async () => {
    const store = new MemoryCacheStore();
    await store.set('short', 'body', 0.05);

    await sleep(80);

    await expect(store.get('short')).resolves.toBeUndefined();
  });

  it('evicts the least recently used entry beyond its capacity', async () => {
    const store = new MemoryCacheStore({ maxEntries: 2 });
    await store.set('first', '1', 60);
    await store.set('second', '2', 60);
    await store.get('first');
    await store.set('third', '3', 60);

    await expect(store.get('second')).resolves.toBeUndefined();
    await expect(store.get('first')).resolves.toBe('1');
    await expect(store.get('third')).resolves.toBe('3');
  });

  it('keeps the total size within its budget, evicting older entries and refusing one too large', async () => {
    const store = new MemoryCacheStore({ maxCharacters: 10 });
    await store.set('older', '123456', 60);
    await store.set('newer', '123456', 60);
    await store.set('huge', '12345678901', 60);

    await expect(store.get('older')).resolves.toBeUndefined();
    await expect(store.get('newer')).resolves.toBe('123456');
    await expect(store.get('huge')).resolves.toBeUndefined();
  });

  it('is empty after close', async () => {
    const store = new MemoryCacheStore();
    await store.set('a', 'body', 60);

    await store.close();

    await expect(store.get('a')).resolves.toBeUndefined();
  });
});
