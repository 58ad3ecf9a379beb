import { DynamicModule, Module } from '@nestjs/common';
import { EventsAdminHttpModule } from '@contexts/events/presentation/http/events-admin-http.module';
import { EventsHttpModule } from '@contexts/events/presentation/http/events-http.module';
import { AppConfig } from '@shared/config/app-config';
import { ConfigModule } from '@shared/config/config.module';

@Module({})
export class ApiModule {
  /** The admin routes are registered only with ADMIN_API_KEY set: without a key they do not exist (404). */
  static register(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule, EventsHttpModule, ...(config.adminApiKey ? [EventsAdminHttpModule] : [])],
    };
  }
}
