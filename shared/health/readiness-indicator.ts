import { HealthIndicatorResult } from '@nestjs/terminus';

/** One part that must work for this process to be ready to serve: `{ <key>: { status, ... } }`. */
export abstract class ReadinessIndicator {
  abstract check(): Promise<HealthIndicatorResult>;
}

/** The parts /health/ready checks, chosen by each app (the worker has no cache, say). */
export class ReadinessIndicators {
  constructor(readonly all: readonly ReadinessIndicator[]) {}
}
