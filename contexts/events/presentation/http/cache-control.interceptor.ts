import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { Observable } from 'rxjs';
import { AppConfig } from '@shared/config/app-config';

/**
 * Lets HTTP caches keep an answer as long as the API's own cache does (a 304 on its ETag is cheap
 * after that); with the cache off they must revalidate every time.
 */
@Injectable()
export class CacheControlInterceptor implements NestInterceptor {
  private readonly value: string;

  constructor(config: AppConfig) {
    this.value = config.cacheTtlSeconds > 0 ? `public, max-age=${config.cacheTtlSeconds}` : 'no-cache';
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<FastifyReply>().header('cache-control', this.value);
    return next.handle();
  }
}
