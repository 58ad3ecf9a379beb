import { EventStoreUnavailable } from '../../domain/errors/event-store-unavailable.error';

/**
 * Errors that say the database cannot answer now, as opposed to a query that is wrong: network
 * failures; SQLSTATE classes 08 (connection exception), 53 (insufficient resources: too many
 * connections, out of memory, disk full) and 57P (shutting down, cannot connect now); 57014
 * (canceled: statement_timeout); 55000 (the database is not accepting connections), 3D000 (it is
 * gone) and 28000/28P01 (our credentials are refused); and node-pg's own messages for a pool that
 * cannot get or keep a connection, or a server that stopped answering (its query timeout). A
 * client cannot fix any of these: they answer 503, not 500.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE', 'EAI_AGAIN']);
const SERVER_CODES = new Set(['57014', '55000', '3D000', '28000', '28P01']);
const SERVER_CLASSES = ['08', '53', '57P'];
const POOL_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout|^timeout expired$/i;

/** Read by shape, not `instanceof`: errors from node's sockets may come from another realm (a test VM). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || SERVER_CODES.has(code) || SERVER_CLASSES.some((prefix) => code.startsWith(prefix)))) {
    return true;
  }
  return typeof message === 'string' && POOL_MESSAGES.test(message);
}

/** Runs a read, turning "the database cannot answer now" into the domain's EventStoreUnavailable. */
export async function unlessDatabaseUnavailable<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isDatabaseUnavailable(error)) throw new EventStoreUnavailable(String((error as { message?: unknown }).message));
    throw error;
  }
}
