import { DynamicModule, FactoryProvider, Module, ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthHttpController } from './health.http-controller';
import { ReadinessIndicator, ReadinessIndicators } from './readiness-indicator';

export interface HealthModuleOptions {
  /** Modules exporting what the indicators need. */
  imports: ModuleMetadata['imports'];
  /** Builds the indicators /health/ready checks, in the order their keys should appear. */
  readiness: Omit<FactoryProvider<ReadinessIndicator[]>, 'provide'>;
}

/** `GET /health` and `GET /health/ready` for any of our apps, each choosing what readiness means. */
@Module({})
export class HealthModule {
  static register(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      // The controller logs readiness changes itself; terminus would log every failed probe.
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthHttpController],
      providers: [
        {
          provide: ReadinessIndicators,
          inject: options.readiness.inject,
          useFactory: async (...dependencies: unknown[]) => new ReadinessIndicators(await options.readiness.useFactory(...dependencies)),
        },
      ],
    };
  }
}
