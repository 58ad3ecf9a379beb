import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { CacheStore } from '../cache/cache-store';
import { redactCredentials } from '../logging/redact-credentials';
import { ReadinessIndicator } from './readiness-indicator';
import { withinTimeout } from '../async/within-timeout';

/**
 * `cache`: the store answers, or it does not and the process says so (`degraded`). A dead cache
 * does not make the API unready: every answer then comes from the database, only slower. Without
 * a shared store (no Redis) the cache lives in the process and is up while the process is.
 */
export class CacheHealthIndicator extends ReadinessIndicator {
  constructor(
    private readonly store: CacheStore | null,
    private readonly timeoutMs = 500,
  ) {
    super();
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = new HealthIndicatorService().check('cache');
    if (!this.store) return indicator.up({ store: 'in-process' });
    try {
      await withinTimeout(this.store.ping(), this.timeoutMs, 'the cache store');
      return indicator.up();
    } catch (error) {
      return indicator.up({ degraded: true, message: `${redactCredentials((error as Error).message)}; answering from the database` });
    }
  }
}
