import { TextDecoder } from 'node:util';
import { ProviderFeedError } from './provider-feed.error';

/** Bytes enough to hold a byte order mark and an XML declaration, which is where a feed names its encoding. */
const HEAD_BYTES = 256;
const CLOSE_ANGLE = 0x3e;
const DECLARED_ENCODING = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/**
 * A feed's bytes as text, in the encoding the feed declares (XML 1.0, appendix F): a byte order
 * mark, else the XML declaration's `encoding`, else UTF-8. Decided once from the first bytes,
 * which are held back until they tell, so a feed in ISO-8859-1 is not read as UTF-8 and its
 * accented letters stored as U+FFFD. Streaming: a character split across chunks comes out whole.
 */
export class FeedTextDecoder {
  private decoder: TextDecoder | null = null;
  private head: Uint8Array = new Uint8Array(0);

  decode(chunk: Uint8Array): string {
    if (this.decoder) return this.decoder.decode(chunk, { stream: true });
    this.head = Buffer.concat([this.head, chunk]);
    return this.head.length >= HEAD_BYTES || this.head.includes(CLOSE_ANGLE) ? this.decodeHead() : '';
  }

  /** The body has ended: whatever was held back or left half a character. */
  end(): string {
    const rest = this.decoder ? '' : this.decodeHead();
    return rest + (this.decoder as TextDecoder).decode();
  }

  private decodeHead(): string {
    const label = encodingOf(this.head);
    try {
      // ignoreBOM keeps a leading byte order mark for saxes to judge.
      this.decoder = new TextDecoder(label, { ignoreBOM: true });
    } catch {
      throw new ProviderFeedError(`the feed declares the encoding "${label}", which is not supported`);
    }
    const head = this.head;
    this.head = new Uint8Array(0);
    return this.decoder.decode(head, { stream: true });
  }
}

function encodingOf(head: Uint8Array): string {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return DECLARED_ENCODING.exec(Buffer.from(head).toString('latin1'))?.[1] ?? 'utf-8';
}
