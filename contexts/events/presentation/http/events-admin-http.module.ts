import { Module } from '@nestjs/common';
import { AdminApiKeyGuard } from '@shared/http/admin-api-key.guard';
import { ListSyncRunsUseCase } from '../../application/list-sync-runs/list-sync-runs.use-case';
import { RequestSyncUseCase } from '../../application/request-sync/request-sync.use-case';
import { SyncRequests } from '../../domain/sync-requests';
import { SyncRunRepository } from '../../domain/sync-run.repository';
import { EventsInfrastructureModule } from '../../infrastructure/events-infrastructure.module';
import { SyncRunsHttpController } from './sync-runs.http-controller';

/** /admin/sync-runs. The app imports it only when ADMIN_API_KEY is set: without a key the routes do not exist. */
@Module({
  imports: [EventsInfrastructureModule],
  controllers: [SyncRunsHttpController],
  providers: [
    AdminApiKeyGuard,
    {
      provide: ListSyncRunsUseCase,
      useFactory: (runs: SyncRunRepository) => new ListSyncRunsUseCase(runs),
      inject: [SyncRunRepository],
    },
    {
      provide: RequestSyncUseCase,
      useFactory: (requests: SyncRequests) => new RequestSyncUseCase(requests),
      inject: [SyncRequests],
    },
  ],
})
export class EventsAdminHttpModule {}
