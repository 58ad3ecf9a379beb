import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { redactCredentials } from '../logging/redact-credentials';
import { ReadinessIndicator } from './readiness-indicator';
import { withinTimeout } from '../async/within-timeout';

/** `database`: PostgreSQL answers a trivial query in time. */
export class DatabaseHealthIndicator extends ReadinessIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeoutMs = 1_000,
  ) {
    super();
  }

  async check(): Promise<HealthIndicatorResult> {
    const indicator = new HealthIndicatorService().check('database');
    try {
      await withinTimeout(this.dataSource.query('SELECT 1'), this.timeoutMs, 'PostgreSQL');
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: redactCredentials((error as Error).message) });
    }
  }
}
