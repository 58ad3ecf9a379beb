import { parentPort } from 'node:worker_threads';
import { ProviderFeedError } from './provider-feed.error';
import type { ParsedPiece } from './xml-feed-parsing';
import { XmlFeedParser } from './xml-feed.parser';

/** Into the thread: the next piece of the body, or null once the body has ended. */
export type ParserThreadRequest = Uint8Array | string | null;
/** Out of it, one per request: the events that piece completed, or why the feed cannot be read. */
export type ParserThreadReply = ParsedPiece | { unreadable: string };

/**
 * The body of a feed parser thread (see XmlFeedParserThread): parsing is most of a sync's CPU, so
 * it runs beside the thread that translates and stores the events. Anything but a ProviderFeedError
 * is a bug and ends the thread with it.
 */
const port = parentPort;
if (port) {
  const parser = new XmlFeedParser();
  port.on('message', (request: ParserThreadRequest) => {
    let reply: ParserThreadReply;
    try {
      reply = request === null ? { parsed: parser.end(), last: true } : { parsed: parser.write(request), last: false };
    } catch (error) {
      if (!(error instanceof ProviderFeedError)) throw error;
      reply = { unreadable: error.reason };
    }
    port.postMessage(reply);
  });
}
