import { describeCounts } from './sync-provider-events.use-case';
import { SyncReport } from './sync-report';

/** The one line a person reads after a provider's run, naming the provider. */
export function syncSummary(report: SyncReport): string {
  const tail = report.error ? ` — ${report.error}` : '';
  return `sync ${report.provider} ${report.outcome}: ${describeCounts(report)}, elapsed ${(report.elapsedMs / 1000).toFixed(2)} s${tail}`;
}
