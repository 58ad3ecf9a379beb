import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { SyncProviderEventsUseCase } from '@contexts/events/application/sync-provider-events/sync-provider-events.use-case';
import { syncSummary } from '@contexts/events/application/sync-provider-events/sync-summary';
import { loadConfig } from '@shared/config/app-config';
import { nestLogLevels } from '@shared/logging/nest-log-levels';
import { SyncOnceModule } from './sync-once.module';

/**
 * `npm run sync`: one pass, exit 0 on success (rejected items included), non-zero with the reason
 * otherwise. If the worker is syncing at that moment, this pass waits for it, then runs.
 */
async function syncOnce(): Promise<number> {
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(SyncOnceModule, { logger: nestLogLevels(config.logLevel) });
  const abort = new AbortController();
  // A signal rolls the run back instead of killing it half-way.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => abort.abort(new Error(`interrupted by ${signal}`)));
  try {
    const report = await app.get(SyncProviderEventsUseCase).execute(abort.signal, 'wait');
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
