import { randomUUID } from 'node:crypto';
import { AddressInfo, Socket, connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { RedisClientType, createClient } from 'redis';
import { MAX_UNANSWERED_COMMANDS, redisClientOptions } from '@shared/redis/redis-client-options';
import { until } from '@shared/testing/until';
import { RedisRateLimitStore } from './redis-rate-limit.store';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const MINUTE = 60_000;

function count(store: RedisRateLimitStore, key: string, max: number, timeWindow = MINUTE): Promise<number> {
  return new Promise((resolve, reject) => {
    store.incr(key, (error, result) => (error ? reject(error) : resolve(result!.current)), timeWindow, max);
  });
}

async function inTurn(times: number, next: (request: number) => Promise<number>): Promise<number[]> {
  const counts: number[] = [];
  for (let request = 0; request < times; request++) counts.push(await next(request));
  return counts;
}

describe('RedisRateLimitStore against a real Redis', () => {
  let client: RedisClientType;
  let prefix: string;
  const stored = async (key: string) => Number(await client.get(`${prefix}${key}`));

  beforeAll(async () => {
    client = createClient({ url: REDIS_URL });
    await client.connect();
  });
  afterAll(async () => {
    const keys = await client.keys('test:rate-limit:*');
    if (keys.length > 0) await client.del(keys);
    await client.quit();
  });
  beforeEach(() => {
    prefix = `test:rate-limit:${randomUUID()}:`;
  });

  it('counts every request in Redis near the limit, so two replicas agree exactly', async () => {
    const [one, two] = [new RedisRateLimitStore(client, prefix), new RedisRateLimitStore(client, prefix)];

    const counts = await inTurn(12, (request) => count(request % 2 === 0 ? one : two, 'client', 10));

    expect(counts).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(await stored('client')).toBe(12);
  });

  it('far from the limit reserves blocks in Redis and counts them off in memory', async () => {
    const store = new RedisRateLimitStore(client, prefix);

    const counts = await inTurn(150, () => count(store, 'client', 1_000_000));

    expect(counts).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    // Two blocks of a hundred (a hundredth of what is left, at most a hundred).
    expect(await stored('client')).toBe(200);
  });

  it('sizes a block from the count Redis holds, so a replica new to a client near its limit counts exactly', async () => {
    await client.set(`${prefix}client`, '1450', { PX: MINUTE });
    const store = new RedisRateLimitStore(client, prefix);

    const counts = await inTurn(3, () => count(store, 'client', 1_500));

    expect(counts).toEqual([1451, 1452, 1453]);
    expect(await stored('client')).toBe(1453);
  });

  it('gives back what a client had reserved when others push it out of memory', async () => {
    const store = new RedisRateLimitStore(client, prefix, Date.now, 1);
    await count(store, 'first', 1_000_000);

    await count(store, 'second', 1_000_000);

    await until(async () => (await stored('first')) === 1);
  });

  it('lets concurrent requests share one reservation', async () => {
    const store = new RedisRateLimitStore(client, prefix);

    const counts = await Promise.all(Array.from({ length: 30 }, () => count(store, 'client', 1_000_000)));

    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(await stored('client')).toBe(100);
  });

  it('answers past the limit without asking Redis again until the window ends', async () => {
    const store = new RedisRateLimitStore(client, prefix);

    const counts = await inTurn(6, () => count(store, 'client', 3));

    expect(counts.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(counts.slice(4).every((current) => current > 3)).toBe(true);
    expect(await stored('client')).toBe(4);
  });

  it('starts counting again when the window ends', async () => {
    const store = new RedisRateLimitStore(client, prefix);
    await inTurn(3, () => count(store, 'client', 2, 200));

    await sleep(250);

    expect(await count(store, 'client', 2, 200)).toBe(1);
  });

  it('keeps a child store apart (the plugin makes one for a route with limits of its own)', async () => {
    const store = new RedisRateLimitStore(client, prefix);
    const search = store.child({ method: 'GET', url: '/search' } as never) as RedisRateLimitStore;
    const events = store.child({ method: 'GET', url: '/events' } as never) as RedisRateLimitStore;

    await inTurn(2, () => count(search, 'client', 10));

    expect(await count(events, 'client', 10)).toBe(1);
  });

  it('reports a Redis that fails, so the plugin can let the request through', async () => {
    const closed: RedisClientType = createClient({ url: REDIS_URL, disableOfflineQueue: true });

    await expect(count(new RedisRateLimitStore(closed, prefix), 'client', 10)).rejects.toThrow();
  });

  /** Forwards to the real Redis until frozen, then keeps the connection open and passes nothing on until thawed, as a stopped Redis would. */
  async function freezableRedis(): Promise<{ url: string; freeze: () => void; thaw: () => void; close: () => void }> {
    let frozen = false;
    const { hostname, port } = new URL(REDIS_URL);
    const sockets: Socket[] = [];
    const proxy = createServer((socket) => {
      const redis = connect(Number(port || 6379), hostname);
      sockets.push(socket, redis);
      if (frozen) for (const each of [socket, redis]) each.pause();
      socket.on('data', (data) => redis.write(data));
      redis.on('data', (data) => socket.write(data));
      socket.on('error', () => redis.destroy());
      redis.on('error', () => socket.destroy());
      socket.on('close', () => redis.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    return {
      url: `redis://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
      freeze: () => {
        frozen = true;
        for (const socket of sockets) socket.pause();
      },
      thaw: () => {
        frozen = false;
        for (const socket of sockets) socket.resume();
      },
      close: () => {
        for (const socket of sockets) socket.destroy();
        proxy.close();
      },
    };
  }

  it('reports a Redis that stops answering within its timeout, then lets requests pass at once, asking it again once a second', async () => {
    const redis = await freezableRedis();
    const silent = createClient(redisClientOptions(redis.url, 2_000)) as RedisClientType;
    await silent.connect();
    let now = Date.now();
    const store = new RedisRateLimitStore(silent, prefix, () => now, 10, 50);
    try {
      redis.freeze();
      const started = Date.now();

      const answers = await Promise.allSettled([count(store, 'client', 10), count(store, 'other', 10)]);
      expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
      expect(Date.now() - started).toBeLessThan(2_000);

      // Until a second has passed, no count waits for Redis.
      const meanwhile = Date.now();
      await expect(count(store, 'third', 10)).rejects.toThrow(/counting resumes once it answers/);
      expect(Date.now() - meanwhile).toBeLessThan(40);

      now += 1_000;
      await expect(count(store, 'third', 10)).rejects.toThrow('Redis rate limit count did not answer within 50 ms');

      redis.thaw();
      now += 1_000;
      // The count that timed out reached Redis once thawed, so this one may be the second.
      await expect(count(store, 'third', 10)).resolves.toBeGreaterThanOrEqual(1);
      await expect(count(store, 'fourth', 10)).resolves.toBe(1);
    } finally {
      redis.close();
      await silent.disconnect().catch(() => undefined);
    }
  });

  it('stops sending to a frozen Redis once MAX_UNANSWERED_COMMANDS wait: the next count fails at once, nothing more piles up', async () => {
    const redis = await freezableRedis();
    const silent = createClient(redisClientOptions(redis.url, 2_000)) as RedisClientType;
    await silent.connect();
    // A timeout longer than the test: only a full queue can make a count fail early.
    const store = new RedisRateLimitStore(silent, prefix, Date.now, 10, 60_000);
    try {
      redis.freeze();
      const waiting = Array.from({ length: MAX_UNANSWERED_COMMANDS }, (_, client) => count(store, `client-${client}`, 10));
      for (const pending of waiting) pending.catch(() => undefined);
      const started = Date.now();

      await expect(count(store, 'one-more', 10)).rejects.toThrow(/queue is full/i);

      expect(Date.now() - started).toBeLessThan(1_000);
    } finally {
      redis.close();
      await silent.disconnect().catch(() => undefined);
    }
  });
});
