import { DynamicModule, Module } from '@nestjs/common';
import { EventsHealthModule } from '@contexts/events/presentation/health/events-health.module';
import { EventsAdminHttpModule } from '@contexts/events/presentation/http/events-admin-http.module';
import { EventsHttpModule } from '@contexts/events/presentation/http/events-http.module';
import { AppConfig } from '@shared/config/app-config';
import { ConfigModule } from '@shared/config/config.module';
import { MetricsModule } from '@shared/metrics/metrics.module';

@Module({})
export class ApiModule {
  /** The admin routes are registered only with ADMIN_API_KEY set: without a key they do not exist (404). */
  static register(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule,
        MetricsModule,
        EventsHttpModule,
        EventsHealthModule.register({ withCache: true }),
        ...(config.adminApiKey ? [EventsAdminHttpModule] : []),
      ],
    };
  }
}
