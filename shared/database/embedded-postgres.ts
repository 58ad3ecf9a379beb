import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { AppConfig } from '@shared/config/app-config';
import { LogPort } from '@shared/logging/log-port';
import { PidLockFile } from './pid-lock-file';

export interface DatabaseEndpoint {
  url: string;
  /**
   * Connections this process should pool. Small for PGlite: it runs one statement at a time for
   * everybody, and the api, the worker and `npm run sync` share its connection limit.
   */
  poolSize: number;
  /** Stops hosting the embedded database if this process hosts it; a no-op otherwise. */
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const SERVER_POOL_SIZE = 10;
const EMBEDDED_POOL_SIZE = 3;
const EMBEDDED_MAX_CONNECTIONS = 12;
/** A first start creates the database (a few seconds); everyone else waits for it. */
const STARTUP_TIMEOUT_MS = 60_000;
const RETRY_INTERVAL_MS = 250;
const TAKEOVER_INTERVAL_MS = 1_000;
/** Longer than a rival's read-then-rename of a stale lock (see PidLockFile), so a lost race shows. */
const LOCK_SETTLE_MS = 100;

/** The database to connect to: DATABASE_URL when set, else the embedded PGlite, hosted or joined. */
export async function resolveDatabaseUrl(
  config: Pick<AppConfig, 'databaseUrl' | 'dataDir' | 'embeddedDatabasePort'>,
  logger?: Pick<LogPort, 'log'>,
): Promise<DatabaseEndpoint> {
  if (config.databaseUrl !== null) {
    return { url: config.databaseUrl, poolSize: SERVER_POOL_SIZE, close: async () => undefined };
  }
  const embedded = new EmbeddedPostgres(resolve(config.dataDir), config.embeddedDatabasePort);
  await embedded.start();
  // Said at every start: running on the embedded database should never go unnoticed.
  logger?.log(
    `embedded PostgreSQL at ${embedded.url} (PGlite, data in ${resolve(config.dataDir)}; ` +
      `${embedded.isHost ? 'hosted by this process' : 'hosted by another local process'}); set DATABASE_URL to use a server`,
  );
  return { url: embedded.url, poolSize: EMBEDDED_POOL_SIZE, close: () => embedded.close() };
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((answer) => {
    const socket = createConnection({ host: HOST, port });
    socket.once('connect', () => {
      socket.destroy();
      answer(true);
    });
    socket.once('error', () => answer(false));
  });
}

interface Hosted {
  db: PGlite;
  server: PGLiteSocketServer;
  lock: PidLockFile;
}

/**
 * PGlite (PostgreSQL in WebAssembly) with its data under `<dataDir>/pg`, served over the Postgres
 * protocol on 127.0.0.1:`port`, so the same driver and migrations serve both modes. Several local
 * processes may start it: the one that takes the lock file hosts the server, the others connect to
 * it. If the host goes away, a remaining process takes over on the same port, where its pool's
 * next connections land.
 */
class EmbeddedPostgres {
  private hosted: Hosted | null = null;
  private watchdog: NodeJS.Timeout | null = null;
  private takingOver: Promise<unknown> | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@${HOST}:${this.port}/postgres`;
  }

  get isHost(): boolean {
    return this.hosted !== null;
  }

  private get lockPath(): string {
    return join(this.dataDir, 'embedded-postgres.lock');
  }

  async start(): Promise<void> {
    mkdirSync(this.dataDir, { recursive: true });
    const deadline = Date.now() + STARTUP_TIMEOUT_MS;
    while (!(await this.tryToHost()) && !(await portAnswers(this.port))) {
      if (Date.now() > deadline) {
        const holder = PidLockFile.holderOf(this.lockPath) ?? 'unknown';
        throw new Error(
          `embedded PostgreSQL: nothing answers on ${HOST}:${this.port} while ${this.lockPath} names process ` +
            `${holder} as its host; if no such process of ours is running, delete the file`,
        );
      }
      await sleep(RETRY_INTERVAL_MS);
    }
    if (!this.hosted) {
      this.watchdog = setInterval(() => this.takeOverIfAbandoned(), TAKEOVER_INTERVAL_MS);
      this.watchdog.unref();
    }
  }

  async close(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = null;
    await this.takingOver;
    const hosted = this.hosted;
    this.hosted = null;
    if (!hosted) return;
    await hosted.server.stop();
    await hosted.db.close();
    // Released last: whoever takes over next must find the data directory closed.
    hosted.lock.release();
  }

  private takeOverIfAbandoned(): void {
    if (this.takingOver) return;
    this.takingOver = this.tryToHost()
      .then((hosting) => {
        if (hosting && this.watchdog) clearInterval(this.watchdog);
      })
      .catch((error: Error) => process.emitWarning(`embedded PostgreSQL: could not take over hosting: ${error.message}`))
      .finally(() => {
        this.takingOver = null;
      });
  }

  private async tryToHost(): Promise<boolean> {
    const lock = PidLockFile.tryAcquire(this.lockPath);
    if (!lock) return false;
    await sleep(LOCK_SETTLE_MS);
    if (!lock.isHeld()) {
      lock.release(); // lost a takeover race: the file names the winner, which release() leaves alone
      return false;
    }
    if (await portAnswers(this.port)) {
      lock.release();
      // Opening the data directory now could corrupt it if that is a host whose lock file was deleted.
      throw new Error(`embedded PostgreSQL: ${HOST}:${this.port} is already in use; set EMBEDDED_DATABASE_PORT or DATABASE_URL`);
    }
    let db: PGlite | null = null;
    try {
      db = await PGlite.create(join(this.dataDir, 'pg'));
      const server = new PGLiteSocketServer({ db, host: HOST, port: this.port, maxConnections: EMBEDDED_MAX_CONNECTIONS });
      await server.start();
      this.hosted = { db, server, lock };
      return true;
    } catch (error) {
      await db?.close().catch(() => undefined);
      lock.release();
      throw error;
    }
  }
}
