import { Controller, Get, Header, Logger, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { FastifyReply } from 'fastify';
import { ReadinessIndicators } from './readiness-indicator';

/**
 * Liveness and readiness in terminus's body format. A failed readiness is logged when it starts
 * and when it ends, not on every probe.
 */
@ApiTags('operations')
@Controller('health')
export class HealthHttpController {
  private readonly logger = new Logger('Health');
  private ready = true;

  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'liveness', summary: '200 while the process serves requests' })
  @ApiOkResponse({ description: '{"status":"ok","info":{},"error":{},"details":{}}' })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'readiness', summary: 'Whether every part this process needs works; 503 names the failing part' })
  @ApiOkResponse({ description: 'Every part is up' })
  @ApiServiceUnavailableResponse({ description: 'At least one part is down; `error` holds the failing ones' })
  async isReady(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      const result = await this.health.check(this.readiness.all.map((indicator) => () => indicator.check()));
      this.noteReadiness(true, result);
      return result;
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const result = error.getResponse() as HealthCheckResult;
      this.noteReadiness(false, result);
      reply.code(503);
      return result;
    }
  }

  private noteReadiness(ready: boolean, result: HealthCheckResult): void {
    if (ready === this.ready) return;
    this.ready = ready;
    if (ready) this.logger.log('ready again');
    else this.logger.warn(`not ready: ${JSON.stringify(result.error)}`);
  }
}
