import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { withinTimeout } from '@shared/async/within-timeout';
import { ReadinessIndicator } from '@shared/health/readiness-indicator';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { SyncRunRepository } from '../../domain/sync-run.repository';

export interface SyncFreshnessOptions {
  providers: readonly string[];
  staleAfterSeconds: number;
  /** For reading every provider's last success: a probe answers even when the database does not. */
  timeoutMs?: number;
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
    let lastSucceeded: (Date | null)[];
    try {
      const reads = Promise.all(this.options.providers.map((provider) => this.runs.lastSucceededAt(provider)));
      lastSucceeded = await withinTimeout(reads, this.options.timeoutMs ?? 1_000, 'PostgreSQL');
    } catch (error) {
      return indicator.down({ message: `cannot read the sync runs: ${redactCredentials(String((error as { message?: unknown }).message))}` });
    }
    this.options.providers.forEach((provider, at) => {
      const succeededAt = lastSucceeded[at];
      const ageSeconds = succeededAt === null ? null : Math.max(0, Math.round((now - succeededAt.getTime()) / 1000));
      providers[provider] = { lastSucceededAt: succeededAt?.toISOString() ?? null, ageSeconds };
      if (ageSeconds === null || ageSeconds > this.options.staleAfterSeconds) stale.push(provider);
    });
    if (stale.length === 0) return indicator.up({ staleAfterSeconds: this.options.staleAfterSeconds, providers });
    return indicator.down({
      message: `no successful sync within ${this.options.staleAfterSeconds} s for ${stale.join(', ')}`,
      staleAfterSeconds: this.options.staleAfterSeconds,
      providers,
    });
  }
}
