import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { Client, DatabaseError, escapeIdentifier } from 'pg';
import { LogPort } from '@shared/logging/log-port';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { DatabaseUnreachableError } from './database-unreachable.error';

export interface WaitForDatabaseOptions {
  /** How long to keep trying (DATABASE_CONNECT_TIMEOUT_SECONDS); 0 tries once. */
  timeoutSeconds: number;
  /** The variable the URL came from, named in messages; a read replica's is never created. Default DATABASE_URL. */
  variable?: 'DATABASE_URL' | 'DATABASE_READ_URL';
  logger: Pick<LogPort, 'warn'>;
  /** Backoff between attempts; tests shorten it. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';
/** Class 28, invalid authorization: asking again with the same credentials cannot help. */
const AUTHORIZATION_CLASS = '28';
const MAX_CONNECT_MS = 5_000;

/**
 * Returns once the database at `url` accepts a connection. A server that is down or still starting
 * is retried with exponential backoff until `timeoutSeconds` have passed; a server that lacks the
 * database creates it (as `.env.example` expects of a local server), since creating an empty
 * database is what a first migration needs anyway; a read replica's is only waited for. Then fails
 * with a message naming the variable, password redacted, and the last reason.
 */
export async function waitForDatabase(url: string, options: WaitForDatabaseOptions): Promise<void> {
  const variable = options.variable ?? 'DATABASE_URL';
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  let attempts = 0;
  const policy = retry(
    handleWhen((error) => !isAuthorizationFailure(error) && Date.now() < deadline),
    {
      maxAttempts: Number.MAX_SAFE_INTEGER,
      backoff: new ExponentialBackoff({ initialDelay: options.initialDelayMs ?? 250, maxDelay: options.maxDelayMs ?? 3_000 }),
    },
  );
  policy.onRetry(({ delay, ...outcome }) => {
    if (attempts === 1 && 'error' in outcome) {
      options.logger.warn(
        `database at ${variable}=${redactCredentials(url)} is not available yet (${reasonOf(outcome.error)}); ` +
          `retrying for up to ${options.timeoutSeconds} s (DATABASE_CONNECT_TIMEOUT_SECONDS), next in ${Math.round(delay)} ms`,
      );
    }
  });
  try {
    await policy.execute(async () => {
      attempts++;
      // At least a second, so that a timeout of 0 (one attempt) still gives that attempt time to connect.
      const connectTimeoutMs = Math.min(MAX_CONNECT_MS, Math.max(1_000, deadline - Date.now()));
      await (variable === 'DATABASE_URL' ? connectOrCreate(url, connectTimeoutMs) : probe(url, connectTimeoutMs));
    });
  } catch (error) {
    const waited = attempts > 1 ? ` (${attempts} attempts over ${options.timeoutSeconds} s, DATABASE_CONNECT_TIMEOUT_SECONDS)` : '';
    throw new DatabaseUnreachableError(`cannot use the database at ${variable}=${redactCredentials(url)}: ${reasonOf(error)}${waited}`);
  }
}

async function connectOrCreate(url: string, connectTimeoutMs: number): Promise<void> {
  try {
    await probe(url, connectTimeoutMs);
  } catch (error) {
    if (!(error instanceof DatabaseError && error.code === INVALID_CATALOG_NAME)) throw error;
    await createDatabase(url, connectTimeoutMs);
    await probe(url, connectTimeoutMs);
  }
}

async function probe(url: string, connectTimeoutMs: number, sql?: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs });
  // A connection dropped after connect() must not surface as an unhandled 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    if (sql) await client.query(sql);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Through the server's `postgres` maintenance database, as createdb does. */
async function createDatabase(url: string, connectTimeoutMs: number): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  try {
    await probe(maintenance.toString(), connectTimeoutMs, `CREATE DATABASE ${escapeIdentifier(name)}`);
  } catch (error) {
    // Another process starting at the same time created it first.
    if (error instanceof DatabaseError && error.code === DUPLICATE_DATABASE) return;
    throw new Error(`database "${name}" does not exist and could not be created: ${reasonOf(error)}`);
  }
}

function isAuthorizationFailure(error: unknown): boolean {
  return error instanceof DatabaseError && (error.code ?? '').startsWith(AUTHORIZATION_CLASS);
}

/** pg reports a refused dual-stack connect as an AggregateError with an empty message. */
function reasonOf(error: unknown): string {
  const failure = error instanceof AggregateError && error.errors.length > 0 ? (error.errors[0] as Error) : (error as Error);
  const { code } = failure as NodeJS.ErrnoException;
  const message = failure.message || String(code ?? failure);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
