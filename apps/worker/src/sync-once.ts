import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SyncProviderEventsUseCase } from '@contexts/events/application/sync-provider-events/sync-provider-events.use-case';
import { syncSummary } from '@contexts/events/application/sync-provider-events/sync-summary';
import { loadConfig } from '@shared/config/app-config';
import { nestLogLevels } from '@shared/logging/nest-log-levels';
import { SyncOnceModule } from './sync-once.module';
import { SyncProgressPrinter } from './sync-progress.printer';

/**
 * `npm run sync`: one pass, exit 0 on success (rejected items included), 1 with the reason
 * otherwise. If another run holds the lock, this pass waits for it at most SYNC_LOCK_WAIT_SECONDS,
 * then exits 1 saying so. Progress every 2 s while it runs, one summary line at the end.
 */
async function syncOnce(): Promise<number> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(SyncOnceModule, { logger: nestLogLevels(config.logLevel) });
  const abort = new AbortController();
  // A signal rolls the run back instead of killing it half-way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort(new Error(`interrupted by ${signal}`)));
  try {
    const progress = new SyncProgressPrinter();
    const report = await app.get(SyncProviderEventsUseCase).execute(abort.signal, 'wait', progress.print);
    progress.done();
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(`${syncSummary(report)}, peak RSS ${peakRssMb} MB`);
    return report.outcome === 'succeeded' ? 0 : 1;
  } finally {
    await app.close();
  }
}

syncOnce()
  .then((code) => process.exit(code))
  .catch((error: Error) => {
    console.error(`sync failed: ${error.message}`);
    process.exit(1);
  });
