import { Module } from '@nestjs/common';
import { EventsHttpModule } from '@contexts/events/presentation/http/events-http.module';
import { ConfigModule } from '@shared/config/config.module';

@Module({
  imports: [ConfigModule, EventsHttpModule],
})
export class ApiModule {}
