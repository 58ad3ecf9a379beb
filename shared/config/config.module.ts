import { Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';

/** Settings are read and checked once, when the module graph is built (i.e. at boot). */
@Global()
@Module({
  providers: [{ provide: AppConfig, useFactory: () => loadConfig() }],
  exports: [AppConfig],
})
export class ConfigModule {}
