import { randomUUID } from 'node:crypto';
import { AddressInfo, Server, createServer } from 'node:net';
import { createClient } from 'redis';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { until } from '@shared/testing/until';
import { RedisCacheStore } from './redis-cache.store';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A server that hangs up on every connection, counting the attempts: Redis as it looks while down. */
async function hangingUp(): Promise<{ port: number; attempts: () => number; close: () => Promise<void> }> {
  let attempts = 0;
  const server = createServer((socket) => {
    attempts += 1;
    socket.destroy();
  });
  const port = await listening(server);
  return { port, attempts: () => attempts, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The store connects in the background; a write that goes through says it is up. */
async function connected(store: RedisCacheStore): Promise<void> {
  await until(() => store.set('test:redis-cache-store:probe', '1', 1).then(() => true, () => false));
}

describe('RedisCacheStore against a real Redis', () => {
  const prefix = `test:redis-cache-store:${randomUUID()}:`;
  const logger = new RecordingLogger();
  let store: RedisCacheStore;

  beforeAll(async () => {
    // Production's 100 ms budget is about a slow Redis; here a busy test machine must not trip it.
    store = RedisCacheStore.connect(REDIS_URL, logger, { operationTimeoutMs: 5_000 });
    await connected(store);
  });

  afterAll(async () => {
    await store.close();
  });

  it('returns what was set, as the same text', async () => {
    const body = '{"data":{"events":[{"title":"Camela \\"en\\" concierto"}]},"error":null}';
    await store.set(`${prefix}body`, body, 60);

    await expect(store.get(`${prefix}body`)).resolves.toBe(body);
  });

  it('returns nothing for a key never set', async () => {
    await expect(store.get(`${prefix}missing`)).resolves.toBeUndefined();
  });

  it('lets Redis expire an entry after its time to live', async () => {
    await store.set(`${prefix}short`, 'body', 1);
    const raw = createClient({ url: REDIS_URL });
    await raw.connect();
    try {
      const ttlMs = await raw.pTTL(`${prefix}short`);
      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(1_000);
    } finally {
      await raw.disconnect();
    }

    // Redis expires it on its own clock: wait for that, however long a loaded machine takes.
    await until(async () => (await store.get(`${prefix}short`)) === undefined);
  });
});

describe('RedisCacheStore when Redis fails', () => {
  it('fails while Redis is down, and logs the outage once however many retries follow', async () => {
    const logger = new RecordingLogger();
    const down = await hangingUp();
    const store = RedisCacheStore.connect(`redis://127.0.0.1:${down.port}`, logger, { maxReconnectDelayMs: 20 });
    try {
      await expect(store.get('anything')).rejects.toThrow();
      await expect(store.set('anything', 'body', 60)).rejects.toThrow();
      const seen = down.attempts();
      await until(() => down.attempts() >= seen + 3);

      expect(logger.warnings()).toHaveLength(1);
      expect(logger.warnings()[0]).toMatch(/unavailable/);
    } finally {
      await store.close();
      await down.close();
    }
  });

  it('gives up on an operation after its timeout when Redis stops answering', async () => {
    const store = RedisCacheStore.connect(REDIS_URL, new RecordingLogger(), { operationTimeoutMs: 50 });
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    try {
      await connected(store);
      await admin.sendCommand(['CLIENT', 'PAUSE', '300', 'ALL']);

      const started = performance.now();

      // Redis answers once the pause ends (300 ms): a rejection naming the budget is the timeout's.
      await expect(store.get('anything')).rejects.toThrow('Redis get did not answer within 50 ms');
      expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
      await admin.disconnect();
      await store.close();
    }
  });
});
