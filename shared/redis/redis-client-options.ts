import { RedisClientOptions } from 'redis';

/**
 * Commands one client lets wait for an answer. A Redis that stops answering with its connection
 * open would otherwise have every command since queued in memory for as long as it stays frozen;
 * past this many, a command fails at once, as when Redis is down, and its caller goes on without it.
 */
export const MAX_UNANSWERED_COMMANDS = 1_000;

/** How every Redis client of the apps connects: failing fast rather than queueing while Redis is away or frozen. */
export function redisClientOptions(url: string, maxReconnectDelayMs: number): RedisClientOptions {
  return {
    url,
    // Without this, commands issued while disconnected queue up until Redis returns.
    disableOfflineQueue: true,
    commandsQueueMaxLength: MAX_UNANSWERED_COMMANDS,
    socket: {
      connectTimeout: 1_000,
      reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, maxReconnectDelayMs),
    },
  };
}
