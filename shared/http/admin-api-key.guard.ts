import { createHash, timingSafeEqual } from 'node:crypto';
import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';

/** The security scheme's name in the OpenAPI document. */
export const ADMIN_BEARER_AUTH = 'admin';

const BEARER = /^Bearer +(\S+) *$/i;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Lets a request through only with `Authorization: Bearer <ADMIN_API_KEY>`. The key is compared
 * as SHA-256 digests, always of equal length, in constant time: how long a refusal takes says
 * nothing about how much of the key was right, nor how long it is.
 */
@Injectable()
export class AdminApiKeyGuard implements CanActivate {
  private readonly keyDigest: Buffer;

  constructor(config: AppConfig) {
    if (!config.adminApiKey) throw new Error('AdminApiKeyGuard needs ADMIN_API_KEY; without it the admin routes must not be registered');
    this.keyDigest = digest(config.adminApiKey);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const presented = BEARER.exec(http.getRequest<FastifyRequest>().headers.authorization ?? '')?.[1];
    if (presented !== undefined && timingSafeEqual(digest(presented), this.keyDigest)) return true;
    http.getResponse<FastifyReply>().header('www-authenticate', `Bearer realm="${ADMIN_BEARER_AUTH}"`);
    throw new UnauthorizedException(
      presented === undefined ? 'send the admin key as Authorization: Bearer <ADMIN_API_KEY>' : 'the admin key is not valid',
    );
  }
}
