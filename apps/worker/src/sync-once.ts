import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { SyncProvidersUseCase } from '@contexts/events/application/sync-providers/sync-providers.use-case';
import { syncSummary } from '@contexts/events/application/sync-provider-events/sync-summary';
import { loadConfig } from '@shared/config/app-config';
import { exitOnSignalsWhileStarting } from '@shared/lifecycle/exit-on-signals-while-starting';
import { createAppLogger } from '@shared/logging/app-logger';
import { PinoNestLogger } from '@shared/logging/pino-nest-logger';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { SyncOnceModule } from './sync-once.module';
import { SyncProgressPrinter } from './sync-progress.printer';

/**
 * `npm run sync [-- --provider NAME]`: one pass over every provider (or the one named), one line per
 * provider, exit 0 when every run succeeded (rejected items included), 1 otherwise — the runs that
 * succeeded stay committed. A provider a worker is syncing at that moment is waited for, at most
 * SYNC_LOCK_WAIT_SECONDS (then its run fails saying another run holds the lock), then run. Progress
 * every 2 s while runs go, then the summary lines.
 */
async function syncOnce(): Promise<number> {
  const { values } = parseArgs({ options: { provider: { type: 'string' } } });
  // Interrupted before any run began: nothing to roll back, and the sync did not happen (exit 1).
  const disarm = exitOnSignalsWhileStarting('sync', 1);
  const config = loadConfig();
  // Logs as the apps log (LOG_FORMAT, redaction); the progress and summary lines below are for the operator.
  const logger = new PinoNestLogger(createAppLogger({ level: config.logLevel, format: config.logFormat, app: 'sync' }));
  const app = await NestFactory.createApplicationContext(SyncOnceModule, { logger, abortOnError: false });
  const abort = new AbortController();
  // A signal rolls the runs back instead of killing them half-way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort(new Error(`interrupted by ${signal}`)));
  disarm();
  try {
    const progress = new SyncProgressPrinter();
    const reports = await app
      .get(SyncProvidersUseCase)
      .execute({ provider: values.provider, signal: abort.signal, whenBusy: 'wait', onProgress: progress.print });
    progress.done();
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    for (const report of reports) console.log(`${syncSummary(report)}, peak RSS ${peakRssMb} MB`);
    return reports.every((report) => report.outcome === 'succeeded') ? 0 : 1;
  } finally {
    await app.close();
  }
}

syncOnce()
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(redactCredentials(`sync failed: ${error.message}`));
    process.exit(1);
  });
