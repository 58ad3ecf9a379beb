import { Test } from '@nestjs/testing';
import { AppConfig, loadConfig } from '@shared/config/app-config';
import { WorkerModule } from '../src/worker.module';

export interface RunningWorker {
  close(): Promise<void>;
}

/** The real worker module, scheduler included, with settings as environment variables would give them. */
export async function startWorker(env: Record<string, string>): Promise<RunningWorker> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] })
    .overrideProvider(AppConfig)
    .useValue(loadConfig(env))
    .setLogger({ log: () => undefined, warn: () => undefined, error: () => undefined })
    .compile();
  await moduleRef.init();
  return { close: () => moduleRef.close() };
}
