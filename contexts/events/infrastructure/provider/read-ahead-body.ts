import { XmlFeedParsing } from './xml-feed-parsing';

/**
 * Pieces of the body read ahead of the caller, at most: enough for the parser to keep busy while
 * the caller stores what it took (a sync awaits its database there), few enough to bound memory.
 */
const PIECES_AHEAD = 8;

/**
 * Reads a feed's body into its parsing, ahead of the items the caller has taken but within
 * bounds: a slow consumer slows the read instead of filling memory. It starts one piece ahead, so
 * the first items reach the caller before anything more of the body is asked for.
 */
export class ReadAheadBody {
  private readonly pieces: AsyncIterator<Buffer | string> | Iterator<Buffer | string>;
  private ahead = 1;
  /** Pieces handed to the parsing whose outcome was not taken yet. */
  private untaken = 0;
  private reading = false;
  private done = false;

  constructor(
    chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
    private readonly parsing: XmlFeedParsing,
  ) {
    this.pieces = Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
    this.read();
  }

  /** The caller has taken the outcome of one piece. */
  taken(): void {
    this.untaken -= 1;
  }

  /** The caller is taking items: read on, up to the full distance ahead. */
  readOn(): void {
    this.ahead = PIECES_AHEAD;
    this.read();
  }

  /** Stops the download when the caller stopped early; a read still pending settles on its own. */
  stop(): void {
    if (this.done) return;
    this.done = true;
    void Promise.resolve(this.pieces.return?.()).catch(() => undefined);
  }

  private read(): void {
    if (this.reading || this.done) return;
    this.reading = true;
    void this.readUpToAhead().finally(() => (this.reading = false));
  }

  private async readUpToAhead(): Promise<void> {
    try {
      while (!this.done && this.untaken < this.ahead) {
        const piece = await this.pieces.next();
        if (this.done) return;
        this.untaken += 1;
        if (piece.done) {
          this.done = true;
          this.parsing.end();
        } else this.parsing.write(piece.value);
      }
    } catch (error) {
      if (this.done) return;
      this.done = true;
      this.parsing.fail(error);
    }
  }
}
