import { FastifyReply } from 'fastify';
import { strongEtag } from './conditional-get';

/** A response body serialized once, with its ETag; as bytes, so sending it encodes and measures nothing. */
export interface RenderedJson {
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * Serializes a result into its JSON body once for as long as the result object lives. Results
 * served from the API's in-process cache are the same object on every hit, so a hot answer costs
 * no mapping, no serializing and no hashing; a fresh result is rendered once and forgotten
 * with it (the WeakMap holds no result alive). `render` must depend on nothing but the result and
 * what the result was looked up by, since any later request holding the same object gets this body.
 */
export class RenderedJsonCache<Result extends object> {
  private readonly rendered = new WeakMap<Result, RenderedJson>();

  /** `render`: the result's JSON text. */
  for(result: Result, render: (result: Result) => string): RenderedJson {
    let json = this.rendered.get(result);
    if (json === undefined) {
      const body = Buffer.from(render(result));
      json = { body, etag: strongEtag(body) };
      this.rendered.set(result, json);
    }
    return json;
  }
}

/** Sends a rendered body as it is: Fastify sends bytes untouched, under the content type it is given. */
export function sendRenderedJson(reply: FastifyReply, json: RenderedJson): Buffer {
  reply.header('content-type', 'application/json; charset=utf-8').header('etag', json.etag);
  return json.body;
}
