import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessIndicator } from '@shared/health/readiness-indicator';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { SyncRunRepository } from '../../domain/sync-run.repository';

export interface SyncFreshnessOptions {
  providers: readonly string[];
  staleAfterSeconds: number;
  now?: () => Date;
}

/**
 * `sync`: every provider's last successful sync finished less than `staleAfterSeconds` ago, so
 * what the API serves is no older than that. Reports each provider's age either way.
 */
export class SyncFreshnessHealthIndicator extends ReadinessIndicator {
  constructor(
    private readonly runs: SyncRunRepository,
    private readonly options: SyncFreshnessOptions,
  ) {
    super();
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = new HealthIndicatorService().check('sync');
    const now = (this.options.now ?? (() => new Date()))().getTime();
    const providers: Record<string, { lastSucceededAt: string | null; ageSeconds: number | null }> = {};
    const stale: string[] = [];
    for (const provider of this.options.providers) {
      let at: Date | null;
      try {
        at = await this.runs.lastSucceededAt(provider);
      } catch (error) {
        return indicator.down({ message: `cannot read the sync runs: ${redactCredentials(String((error as { message?: unknown }).message))}` });
      }
      const ageSeconds = at === null ? null : Math.max(0, Math.round((now - at.getTime()) / 1000));
      providers[provider] = { lastSucceededAt: at?.toISOString() ?? null, ageSeconds };
      if (ageSeconds === null || ageSeconds > this.options.staleAfterSeconds) stale.push(provider);
    }
    if (stale.length === 0) return indicator.up({ staleAfterSeconds: this.options.staleAfterSeconds, providers });
    return indicator.down({
      message: `no successful sync within ${this.options.staleAfterSeconds} s for ${stale.join(', ')}`,
      staleAfterSeconds: this.options.staleAfterSeconds,
      providers,
    });
  }
}
