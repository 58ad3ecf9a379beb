import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';

@ApiTags('operations')
@Controller('metrics')
export class MetricsHttpController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('cache-control', 'no-store')
  @ApiOperation({ operationId: 'metrics', summary: "This process's metrics in the Prometheus text format" })
  @ApiOkResponse({ description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } })
  async metrics(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.type(this.registry.contentType);
    return this.registry.metrics();
  }
}
