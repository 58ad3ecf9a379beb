import { Server, connect, createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { freePort } from '@shared/net/free-port';
import { DatabaseUnreachableError } from './database-unreachable.error';
import { waitForDatabase } from './wait-for-database';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FAST = { initialDelayMs: 20, maxDelayMs: 100 };
const silent = { warn: () => undefined };

function urlOf(database: string, port?: number, password?: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  if (port) url.port = String(port);
  if (password) url.password = password;
  return url.toString();
}

async function databaseExists(name: string): Promise<boolean> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    return (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await admin.end();
  }
}

async function dropDatabase(name: string): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
}

/** Forwards a loopback port to the real server: the database "comes up" when this starts. */
function forwardTo(port: number): Promise<Server> {
  const target = new URL(ADMIN_URL);
  const server = createServer((socket) => {
    const upstream = connect(Number(target.port || 5432), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

describe('waitForDatabase', () => {
  it('creates the database DATABASE_URL names when the server lacks it', async () => {
    const name = `missing_${randomBytes(4).toString('hex')}`;
    try {
      await waitForDatabase(urlOf(name), { timeoutSeconds: 10, logger: silent, ...FAST });

      await expect(databaseExists(name)).resolves.toBe(true);
    } finally {
      await dropDatabase(name);
    }
  });

  it('keeps trying while the server is down, and goes on once it answers', async () => {
    const port = await freePort();
    const forwarding: { server?: Promise<Server> } = {};
    const warnings: string[] = [];
    // The server comes up right after the first failed attempt is reported.
    const logger = {
      warn: (message: string) => {
        warnings.push(message);
        forwarding.server ??= forwardTo(port);
      },
    };
    try {
      await waitForDatabase(urlOf('postgres', port), { timeoutSeconds: 60, logger, ...FAST });

      expect(warnings).toEqual([expect.stringMatching(/DATABASE_URL=.* is not available yet \(connect ECONNREFUSED/)]);
    } finally {
      const server = await forwarding.server;
      await new Promise((resolve) => server?.close(resolve));
    }
  });

  it('gives up after DATABASE_CONNECT_TIMEOUT_SECONDS naming DATABASE_URL, password redacted', async () => {
    const url = urlOf('events', await freePort(), 's3cr3t');

    const waiting = waitForDatabase(url, { timeoutSeconds: 1, logger: silent, ...FAST });

    await expect(waiting).rejects.toThrow(DatabaseUnreachableError);
    await expect(waiting).rejects.toThrow(
      /^cannot use the database at DATABASE_URL=postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/events: connect ECONNREFUSED .*attempts over 1 s, DATABASE_CONNECT_TIMEOUT_SECONDS/,
    );
    await expect(waiting).rejects.not.toThrow(/s3cr3t/);
  });

  it('waits for a read replica the same way, naming DATABASE_READ_URL, and never creates its database', async () => {
    const name = `replica_${randomBytes(4).toString('hex')}`;
    const unreachable = urlOf('events', await freePort());

    const waiting = waitForDatabase(unreachable, { variable: 'DATABASE_READ_URL', timeoutSeconds: 1, logger: silent, ...FAST });
    const missing = waitForDatabase(urlOf(name), { variable: 'DATABASE_READ_URL', timeoutSeconds: 0, logger: silent, ...FAST });

    await Promise.all([
      expect(waiting).rejects.toThrow(/^cannot use the database at DATABASE_READ_URL=postgres:\/\/postgres@127\.0\.0\.1:\d+\/events: connect ECONNREFUSED .*attempts over 1 s/),
      expect(missing).rejects.toThrow(new RegExp(`^cannot use the database at DATABASE_READ_URL=.*database "${name}" does not exist`)),
    ]);
    await expect(databaseExists(name)).resolves.toBe(false);
  });
});
