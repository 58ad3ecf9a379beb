import { Module } from '@nestjs/common';
import { EventsSyncModule } from '@contexts/events/presentation/scheduler/events-sync.module';
import { ConfigModule } from '@shared/config/config.module';

/** One sync pass, no scheduler: what `npm run sync` boots. */
@Module({
  imports: [ConfigModule, EventsSyncModule],
})
export class SyncOnceModule {}
