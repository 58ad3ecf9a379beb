import { SaxesParser, SaxesTagPlain } from 'saxes';
import { FeedTextDecoder } from './feed-text-decoder';
import { ProviderFeedError } from './provider-feed.error';

type Attributes = Record<string, string>;

/** The names that changed when the provider renamed its feed in 2025; everything else kept its name. */
export interface Vocabulary {
  root: string;
  base: string;
  baseId: string;
  event: string;
  eventId: string;
  startsAt: string;
  endsAt: string;
}

export const VOCABULARIES: readonly Vocabulary[] = [
  {
    root: 'eventList',
    base: 'base_event',
    baseId: 'base_event_id',
    event: 'event',
    eventId: 'event_id',
    startsAt: 'event_start_date',
    endsAt: 'event_end_date',
  },
  {
    root: 'planList',
    base: 'base_plan',
    baseId: 'base_plan_id',
    event: 'plan',
    eventId: 'plan_id',
    startsAt: 'plan_start_date',
    endsAt: 'plan_end_date',
  },
];

const ZONE = 'zone';
const ZONE_ATTRIBUTES = ['zone_id', 'name', 'capacity', 'price', 'numbered'] as const;
/** Strings per zone in ParsedEvent.zones. */
export const ZONE_FIELDS = ZONE_ATTRIBUTES.length;
/**
 * Zones held for one event: one past the most an event may have (the domain's MAX_ZONES; the
 * thread that runs this parser loads nothing of the domain) is enough for the event to be
 * rejected, and the rest would only fill memory.
 */
export const ZONES_HELD = 10_001;

/**
 * One event's attributes as the feed wrote them, whatever the vocabulary. Plain strings (zones
 * flattened, ZONE_FIELDS per zone) so that handing it from a parser thread to the translator is
 * a cheap copy.
 */
export interface ParsedEvent {
  /** 1 for the first event of the feed. */
  ordinal: number;
  baseId?: string;
  title?: string;
  sellMode?: string;
  eventId?: string;
  startsAt?: string;
  endsAt?: string;
  sellFrom?: string;
  sellTo?: string;
  soldOut?: string;
  /** zone_id, name, capacity, price, numbered of each zone in turn. */
  zones: (string | undefined)[];
}

/** The events whose closing tag one write parsed, and the vocabulary that names them in messages. */
export interface ParsedEvents {
  vocabulary: number;
  events: ParsedEvent[];
}

/**
 * Reads a provider's XML feed chunk by chunk with saxes and hands over each event once its closing
 * tag is parsed. Only the open event (with its zones) is held. Throws ProviderFeedError when the
 * body as a whole is not a complete events feed.
 */
export class XmlFeedParser {
  // Line tracking costs a third of the parse time; an item's ordinal locates it well enough.
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  private readonly decoder = new FeedTextDecoder();
  private vocabulary: Vocabulary | null = null;
  private rootClosed = false;
  private sawContent = false;
  private base: Attributes = {};
  private event: ParsedEvent | null = null;
  private items = 0;
  private completed: ParsedEvent[] = [];

  constructor() {
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', (tag) => this.close(tag));
    this.parser.on('error', (error) => {
      const where = this.items ? ` after item ${this.items}` : '';
      throw new ProviderFeedError(`malformed XML${where}: ${error.message}`);
    });
  }

  /** Parses one more piece of the body; returns the events it completed. */
  write(chunk: Uint8Array | string): ParsedEvents {
    this.parse(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk));
    return this.takeCompleted();
  }

  /** The body has ended: returns the last events, or throws if the feed is not complete. */
  end(): ParsedEvents {
    this.parse(this.decoder.end());
    if (!this.sawContent) throw new ProviderFeedError('the body is empty');
    if (!this.vocabulary) throw new ProviderFeedError('the body holds no XML element');
    if (!this.rootClosed) {
      throw new ProviderFeedError(`the body ended before </${this.vocabulary.root}>: the feed is truncated`);
    }
    this.parser.close();
    return this.takeCompleted();
  }

  private takeCompleted(): ParsedEvents {
    const events = this.completed;
    this.completed = [];
    return { vocabulary: this.vocabulary ? VOCABULARIES.indexOf(this.vocabulary) : 0, events };
  }

  private parse(text: string): void {
    if (!text) return;
    if (!this.sawContent && text.trim()) this.sawContent = true;
    this.parser.write(text);
  }

  private open(tag: SaxesTagPlain): void {
    const attributes = tag.attributes as Attributes;
    if (!this.vocabulary) {
      this.vocabulary = VOCABULARIES.find((vocabulary) => vocabulary.root === tag.name) ?? null;
      if (!this.vocabulary) {
        const expected = VOCABULARIES.map((vocabulary) => `<${vocabulary.root}>`).join(' or ');
        throw new ProviderFeedError(`the root element is <${tag.name}>, expected ${expected}`);
      }
      return;
    }
    const vocabulary = this.vocabulary;
    if (tag.name === ZONE && this.event) {
      if (this.event.zones.length < ZONES_HELD * ZONE_FIELDS) for (const name of ZONE_ATTRIBUTES) this.event.zones.push(attributes[name]);
    } else if (tag.name === vocabulary.event) {
      const base = this.base;
      this.event = {
        ordinal: ++this.items,
        baseId: base[vocabulary.baseId],
        title: base.title,
        sellMode: base.sell_mode,
        eventId: attributes[vocabulary.eventId],
        startsAt: attributes[vocabulary.startsAt],
        endsAt: attributes[vocabulary.endsAt],
        sellFrom: attributes.sell_from,
        sellTo: attributes.sell_to,
        soldOut: attributes.sold_out,
        zones: [],
      };
    } else if (tag.name === vocabulary.base) {
      this.base = attributes;
    }
  }

  private close(tag: SaxesTagPlain): void {
    const vocabulary = this.vocabulary as Vocabulary;
    if (tag.name === vocabulary.event && this.event) {
      this.completed.push(this.event);
      this.event = null;
    } else if (tag.name === vocabulary.base) {
      this.base = {};
    } else if (tag.name === vocabulary.root) {
      this.rootClosed = true;
    }
  }
}
