import { randomUUID } from 'node:crypto';
import { AddressInfo, Server, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { RecordingLogger } from '@shared/testing/recording-logger';
import { RedisCacheStore } from './redis-cache.store';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A port nothing listens on: bound once to learn a free number, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listening(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function timed<T>(work: Promise<T>): Promise<{ outcome: PromiseSettledResult<T>; ms: number }> {
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work]);
  return { outcome, ms: performance.now() - started };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
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
    store = RedisCacheStore.connect(REDIS_URL, logger);
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

    await sleep(1_100);

    await expect(store.get(`${prefix}short`)).resolves.toBeUndefined();
  });
});

describe('RedisCacheStore when Redis fails', () => {
  it('fails fast on a closed port, and logs the outage once however many retries follow', async () => {
    const logger = new RecordingLogger();
    const store = RedisCacheStore.connect(`redis://127.0.0.1:${await closedPort()}`, logger, { maxReconnectDelayMs: 20 });
    try {
      const { outcome, ms } = await timed(store.get('anything'));

      expect(outcome.status).toBe('rejected');
      expect(ms).toBeLessThan(150);
      await expect(store.set('anything', 'body', 60)).rejects.toThrow();
      await sleep(200); // several reconnection attempts
      expect(logger.warnings()).toHaveLength(1);
      expect(logger.warnings()[0]).toMatch(/unavailable/);
    } finally {
      await store.close();
    }
  });

  it('gives up on an operation after its timeout when Redis stops answering', async () => {
    const store = RedisCacheStore.connect(REDIS_URL, new RecordingLogger(), { operationTimeoutMs: 50 });
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    try {
      await connected(store);
      await admin.sendCommand(['CLIENT', 'PAUSE', '300', 'ALL']);

      const { outcome, ms } = await timed(store.get('anything'));

      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason.message).toMatch(/longer than 50 ms/);
      expect(ms).toBeGreaterThanOrEqual(45);
      expect(ms).toBeLessThan(200);
    } finally {
      await admin.sendCommand(['CLIENT', 'UNPAUSE']);
      await admin.disconnect();
      await store.close();
    }
  });
});
