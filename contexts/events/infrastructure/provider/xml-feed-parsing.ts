import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ProviderFeedError } from './provider-feed.error';
import type { ParserThreadReply } from './xml-feed-parser.thread';
import { ParsedEvents, XmlFeedParser } from './xml-feed.parser';

/**
 * Where a feed is parsed. Pieces of the body go in with write() and end(); take() answers, in
 * order, the events each one completed, or throws ProviderFeedError for a feed that cannot be read.
 */
export interface XmlFeedParsing {
  write(chunk: Uint8Array | string): void;
  end(): void;
  take(): Promise<ParsedEvents>;
  close(): Promise<void>;
}

/** Starts a thread that runs xml-feed-parser.thread. */
export type ParserThreadStarter = () => Worker;

const THREAD_SCRIPT = join(__dirname, 'xml-feed-parser.thread.js');

/**
 * The parser holds one event and one piece of the body at a time: a small heap of its own keeps
 * the process within the worker's memory budget (the main thread's flags would give it as much
 * as the main thread).
 */
const THREAD_LIMITS = { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 16 };

/**
 * Parsing gets a thread of its own where the compiled thread script exists (the built apps); run
 * from TypeScript sources there is none, and the feed is parsed in process by the same parser.
 */
export function defaultParserThread(): ParserThreadStarter | null {
  return existsSync(THREAD_SCRIPT) ? () => new Worker(THREAD_SCRIPT, { resourceLimits: THREAD_LIMITS }) : null;
}

export function startXmlFeedParsing(startThread: ParserThreadStarter | null): XmlFeedParsing {
  return startThread ? new ThreadXmlFeedParsing(startThread()) : new InProcessXmlFeedParsing();
}

class InProcessXmlFeedParsing implements XmlFeedParsing {
  private readonly parser = new XmlFeedParser();
  private readonly parsed: ParsedEvents[] = [];

  write(chunk: Uint8Array | string): void {
    this.parsed.push(this.parser.write(chunk));
  }

  end(): void {
    this.parsed.push(this.parser.end());
  }

  async take(): Promise<ParsedEvents> {
    return this.parsed.shift() as ParsedEvents;
  }

  async close(): Promise<void> {}
}

class ThreadXmlFeedParsing implements XmlFeedParsing {
  private readonly replies: ParserThreadReply[] = [];
  private waiting: { resolve: (reply: ParserThreadReply) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(private readonly thread: Worker) {
    thread.on('message', (reply: ParserThreadReply) => {
      if (this.waiting) this.waiting.resolve(reply);
      else this.replies.push(reply);
      this.waiting = null;
    });
    thread.on('error', (error) => this.fail(error));
    thread.on('exit', (code) => this.fail(new Error(`the feed parser thread stopped (exit code ${code})`)));
  }

  write(chunk: Uint8Array | string): void {
    if (typeof chunk === 'string') return this.thread.postMessage(chunk);
    // A copy of its own to hand over: a network chunk may be a view into a larger shared buffer.
    const piece = new Uint8Array(chunk);
    this.thread.postMessage(piece, [piece.buffer]);
  }

  end(): void {
    this.thread.postMessage(null);
  }

  async take(): Promise<ParsedEvents> {
    const reply =
      this.replies.shift() ??
      (await new Promise<ParserThreadReply>((resolve, reject) => {
        if (this.failure) reject(this.failure);
        else this.waiting = { resolve, reject };
      }));
    if ('unreadable' in reply) throw new ProviderFeedError(reply.unreadable);
    return reply;
  }

  async close(): Promise<void> {
    this.thread.removeAllListeners('exit');
    await this.thread.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(error);
    this.waiting = null;
  }
}
