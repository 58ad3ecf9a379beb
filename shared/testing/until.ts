import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `condition` every 10 ms until it holds, failing after `timeoutMs`: for specs waiting on
 * another process (Redis, a server), where no event says the moment has come.
 */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}
