import { FastifyReply } from 'fastify';
import { CachedResponse } from '../../infrastructure/cache/cached-search-responses';

interface ResponseToWrite {
  status: number;
  headers: Record<string, string>;
  /** null for a 304. */
  body: string | null;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): a W/ prefix does not prevent a match. */
function matchesAny(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

/** Only a 200 carries a validator and can become a 304; preconditions do not apply to errors. */
function responseToWrite(response: CachedResponse, ifNoneMatch: string | undefined, ttlSeconds: number): ResponseToWrite {
  const headers: Record<string, string> = { 'cache-control': ttlSeconds > 0 ? `public, max-age=${ttlSeconds}` : 'no-cache' };
  if (response.status === 200) {
    headers.etag = response.etag;
    if (matchesAny(ifNoneMatch, response.etag)) return { status: 304, headers, body: null };
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  return { status: response.status, headers, body: response.body };
}

/** Writes an already serialized body through Fastify, so nothing serializes it again. */
export function sendCachedResponse(reply: FastifyReply, response: CachedResponse, ifNoneMatch: string | undefined, ttlSeconds: number): void {
  const { status, headers, body } = responseToWrite(response, ifNoneMatch, ttlSeconds);
  reply.code(status).headers(headers);
  if (body === null) reply.send();
  else reply.send(body);
}
