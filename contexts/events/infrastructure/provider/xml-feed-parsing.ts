import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ProviderFeedError } from './provider-feed.error';
import type { ParserThreadReply } from './xml-feed-parser.thread';
import { ParsedEvents, XmlFeedParser } from './xml-feed.parser';

/** What one piece of the body gave: its events (`last` for the end of the body). */
export interface ParsedPiece {
  parsed: ParsedEvents;
  last: boolean;
}

/**
 * Where a feed is parsed. Pieces of the body go in with write() and end(), or fail() when reading
 * the body failed; take() answers, in the same order, what each one gave, and throws the failure
 * in its turn (ProviderFeedError for a feed that cannot be read).
 */
export interface XmlFeedParsing {
  write(chunk: Uint8Array | string): void;
  end(): void;
  fail(error: unknown): void;
  take(): Promise<ParsedPiece>;
  close(): Promise<void>;
}

type Outcome = ParsedPiece | { failure: unknown };

/** Outcomes in the order their pieces went in; take() waits for the next one. */
class Outcomes {
  private readonly ready: Outcome[] = [];
  private waiting: ((outcome: Outcome) => void) | null = null;

  put(outcome: Outcome): void {
    if (this.waiting) this.waiting(outcome);
    else this.ready.push(outcome);
    this.waiting = null;
  }

  async take(): Promise<ParsedPiece> {
    const outcome = this.ready.shift() ?? (await new Promise<Outcome>((resolve) => (this.waiting = resolve)));
    if ('failure' in outcome) throw outcome.failure;
    return outcome;
  }
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
  private readonly outcomes = new Outcomes();

  write(chunk: Uint8Array | string): void {
    this.parse(() => this.parser.write(chunk), false);
  }

  end(): void {
    this.parse(() => this.parser.end(), true);
  }

  fail(error: unknown): void {
    this.outcomes.put({ failure: error });
  }

  take(): Promise<ParsedPiece> {
    return this.outcomes.take();
  }

  async close(): Promise<void> {}

  private parse(piece: () => ParsedEvents, last: boolean): void {
    try {
      this.outcomes.put({ parsed: piece(), last });
    } catch (error) {
      this.fail(error);
    }
  }
}

class ThreadXmlFeedParsing implements XmlFeedParsing {
  private readonly outcomes = new Outcomes();
  /** Pieces sent whose reply has not come back: a failure to read the body waits its turn behind them. */
  private unanswered = 0;
  private bodyFailure: { failure: unknown } | null = null;

  constructor(private readonly thread: Worker) {
    thread.on('message', (reply: ParserThreadReply) => {
      this.unanswered -= 1;
      this.outcomes.put('unreadable' in reply ? { failure: new ProviderFeedError(reply.unreadable) } : reply);
      if (this.unanswered === 0 && this.bodyFailure) this.outcomes.put(this.bodyFailure);
    });
    thread.on('error', (error) => this.outcomes.put({ failure: feedFailureOf(error) }));
    thread.on('exit', (code) => this.outcomes.put({ failure: new Error(`the feed parser thread stopped (exit code ${code})`) }));
  }

  write(chunk: Uint8Array | string): void {
    this.unanswered += 1;
    if (typeof chunk === 'string') return this.thread.postMessage(chunk);
    // A copy of its own to hand over: a network chunk may be a view into a larger shared buffer.
    const piece = new Uint8Array(chunk);
    this.thread.postMessage(piece, [piece.buffer]);
  }

  end(): void {
    this.unanswered += 1;
    this.thread.postMessage(null);
  }

  fail(error: unknown): void {
    if (this.unanswered === 0) this.outcomes.put({ failure: error });
    else this.bodyFailure = { failure: error };
  }

  take(): Promise<ParsedPiece> {
    return this.outcomes.take();
  }

  async close(): Promise<void> {
    this.thread.removeAllListeners('exit');
    await this.thread.terminate();
  }
}

/**
 * The parser's heap is bounded (THREAD_LIMITS): a feed holding something far beyond any event (an
 * attribute of tens of MB, millions of nested elements) ends the thread, which is the feed's fault,
 * not the network's.
 */
function feedFailureOf(error: Error): Error {
  if ((error as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') return error;
  return new ProviderFeedError('the feed holds an element too large to parse (far beyond any event), so the parser ran out of memory');
}
