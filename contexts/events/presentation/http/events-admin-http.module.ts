import { Module } from '@nestjs/common';
import { AdminApiKeyGuard } from '@shared/http/admin-api-key.guard';
import { ListSyncRunsUseCase } from '../../application/list-sync-runs/list-sync-runs.use-case';
import { RequestSyncUseCase } from '../../application/request-sync/request-sync.use-case';
import { EventsSearchModule } from '../../infrastructure/events-search.module';
import { SearchDatabase } from '../../infrastructure/persistence/search-database';
import { TypeOrmSyncRequests } from '../../infrastructure/persistence/typeorm/typeorm-sync-requests';
import { TypeOrmSyncRunRepository } from '../../infrastructure/persistence/typeorm/typeorm-sync-run.repository';
import { SyncRunsHttpController } from './sync-runs.http-controller';

/**
 * /admin/sync-runs. The app imports it only when ADMIN_API_KEY is set: without a key the routes do
 * not exist. Its reads and writes go through the searches' pool, whose connects and statements
 * time out, so a PostgreSQL that is down or stops answering gets a 503, not a hung request.
 */
@Module({
  imports: [EventsSearchModule],
  controllers: [SyncRunsHttpController],
  providers: [
    AdminApiKeyGuard,
    {
      provide: ListSyncRunsUseCase,
      useFactory: (search: SearchDatabase) => new ListSyncRunsUseCase(new TypeOrmSyncRunRepository(search.dataSource.manager)),
      inject: [SearchDatabase],
    },
    {
      provide: RequestSyncUseCase,
      useFactory: (search: SearchDatabase) => new RequestSyncUseCase(new TypeOrmSyncRequests(search.dataSource.manager)),
      inject: [SearchDatabase],
    },
  ],
})
export class EventsAdminHttpModule {}
