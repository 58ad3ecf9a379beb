import { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';

const XML = { 'content-type': 'application/xml; charset=utf-8' };
const DRIP_BYTES = 64;

/** Streams the feed with backpressure: the next piece is produced only when the socket takes it. */
export async function sendFeed(response: ServerResponse, body: Iterable<string | Buffer>, signal: AbortSignal): Promise<void> {
  response.writeHead(200, XML);
  await pipeline(Readable.from(body), response, { signal });
}

/** The live provider answers a third of its calls this way. */
export function sendUnavailable(response: ServerResponse): void {
  response.writeHead(503, { 'content-length': '0' }).end();
}

/** What a proxy or a maintenance page in front of the provider serves, with a 200. */
export function sendHtml(response: ServerResponse): void {
  response
    .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    .end('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Maintenance</title></head><body><h1>Back soon</h1><br></body></html>\n');
}

/** Headers at once, then the body a few bytes at a time: only a whole-body deadline catches it. */
export async function sendDripped(
  response: ServerResponse,
  body: Iterable<string | Buffer>,
  pauseMs: number,
  signal: AbortSignal,
): Promise<void> {
  response.writeHead(200, XML);
  response.flushHeaders();
  await pipeline(Readable.from(drip(body, pauseMs, signal)), response, { signal });
}

async function* drip(body: Iterable<string | Buffer>, pauseMs: number, signal: AbortSignal): AsyncGenerator<Buffer> {
  for (const chunk of body) {
    const bytes = Buffer.from(chunk);
    for (let offset = 0; offset < bytes.length; offset += DRIP_BYTES) {
      yield bytes.subarray(offset, offset + DRIP_BYTES);
      await sleep(pauseMs, undefined, { signal });
    }
  }
}

/** Half of the first piece, then the connection is dropped: the document never closes. */
export async function sendTruncated(response: ServerResponse, body: Iterable<string | Buffer>): Promise<void> {
  const [first = ''] = body;
  const bytes = Buffer.from(first);
  response.writeHead(200, XML);
  await new Promise<void>((resolve) => response.write(bytes.subarray(0, bytes.length >> 1), () => resolve()));
  response.destroy();
}

/** The feed with its first self-closing element left open, so the next closing tag does not match. */
export async function sendMalformed(response: ServerResponse, body: Iterable<string | Buffer>, signal: AbortSignal): Promise<void> {
  response.writeHead(200, XML);
  await pipeline(Readable.from(leaveFirstElementOpen(body)), response, { signal });
}

function* leaveFirstElementOpen(body: Iterable<string | Buffer>): Generator<string | Buffer> {
  let corrupted = false;
  for (const chunk of body) {
    if (corrupted) {
      yield chunk;
      continue;
    }
    const text = chunk.toString();
    corrupted = text.includes(' />');
    yield text.replace(' />', '>');
  }
}
