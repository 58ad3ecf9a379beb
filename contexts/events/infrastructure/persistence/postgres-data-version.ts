import { OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import { DataVersion } from '@contexts/events/domain/data-version';
import { LogPort } from '@shared/logging/log-port';
import { unlessDatabaseUnavailable } from './database-unavailability';
import { DATA_VERSION_CHANNEL } from './typeorm/typeorm-event-sync.session';

/**
 * For a PostgreSQL server: connecting and reading the version (one primary-key lookup) each take
 * far less, so this long without an answer means the server is not answering, and a first search
 * waits no longer.
 */
export const DATA_VERSION_READ_TIMEOUT_MS = 2_000;

export interface PostgresDataVersionOptions {
  /** Fallback reading of the version, for notifications lost on a reconnect or never forwarded (PGlite). */
  pollIntervalMs?: number;
  /**
   * How long connecting and each read may take before the server counts as not answering; none
   * when unset (the embedded PGlite queues them behind a sync's open transaction for seconds).
   */
  readTimeoutMs?: number;
  logger?: LogPort;
}

/**
 * The data version as readers see it, kept in memory so `current()` costs no round trip: a
 * dedicated connection LISTENs for the version each sync announces on commit, and reads it every
 * poll interval as well. The version only moves forward, whatever order the two report in.
 */
export class PostgresDataVersion extends DataVersion implements OnModuleDestroy {
  private version = 0;
  private following = false;
  private starting: Promise<void> | null = null;
  private client: Client | null = null;
  private poller: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private failing = false;
  private readonly pollIntervalMs: number;
  private readonly readTimeoutMs?: number;
  private readonly logger?: LogPort;

  constructor(
    private readonly databaseUrl: string,
    options: PostgresDataVersionOptions = {},
  ) {
    super();
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.readTimeoutMs = options.readTimeoutMs;
    this.logger = options.logger;
  }

  /**
   * The version is followed from the first time it is asked for: a process that never reads it
   * (the worker, `npm run sync`) never holds a listening connection nor polls.
   */
  async current(): Promise<number> {
    if (!this.following) await unlessDatabaseUnavailable(() => (this.starting ??= this.start()));
    return this.version;
  }

  /** Reads the version once (failing if the database cannot be reached), then follows it. */
  async start(): Promise<void> {
    try {
      await this.read();
    } catch (error) {
      this.starting = null; // the next reader tries again
      await this.disconnect();
      throw error;
    }
    this.poller = setInterval(() => this.poll(), this.pollIntervalMs);
    this.poller.unref();
    this.following = true;
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.polling;
    await this.disconnect();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private poll(): void {
    if (this.polling) return; // a slow database must not pile up reads
    this.polling = this.read()
      .then(() => {
        if (this.failing) this.logger?.log('data version: reading again');
        this.failing = false;
      })
      .catch(async (error: Error) => {
        // Keep serving the last known version; the next poll reconnects.
        if (!this.failing) this.logger?.warn(`data version: cannot read it (${error.message}); retrying`);
        this.failing = true;
        await this.disconnect();
      })
      .finally(() => {
        this.polling = null;
      });
  }

  private async read(): Promise<void> {
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ version: string }>('SELECT version FROM data_version WHERE id = 1');
    this.observe(rows[0].version);
  }

  /** LISTEN comes before the first read, so no version announced in between is missed. */
  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'data-version-listener',
      // A server that stops answering fails the read (served from the last version meanwhile) instead of holding it.
      connectionTimeoutMillis: this.readTimeoutMs,
      query_timeout: this.readTimeoutMs,
    });
    client.on('notification', (notification) => this.observe(notification.payload));
    // Without a listener a dropped connection would crash the process; the next poll replaces it.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_VERSION_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private observe(version: string | undefined): void {
    const announced = Number(version);
    if (Number.isSafeInteger(announced) && announced > this.version) this.version = announced;
  }
}
