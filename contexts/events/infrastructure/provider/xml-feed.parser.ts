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
 * Characters one attribute may hold: far beyond any field of an event (a title has at most 250).
 * A value past it is dropped and its event rejected, so no long value is handed to the thread that
 * stores events, whose heap it would fill, with every provider's run in it.
 */
export const MAX_ATTRIBUTE_LENGTH = 10_000;
/** Characters the values of one event's zones may hold in all; past it the event is rejected and its zones dropped. */
export const MAX_EVENT_CHARACTERS = 2_000_000;

/**
 * Characters saxes may hold for one token still open (an attribute's value, a tag's attributes, a
 * text, a comment): far beyond any event's markup. Checked after every piece of the body, so a
 * 60 MB attribute fails the feed as unreadable at about this size instead of being built whole:
 * one string that large can abort the process, whatever the thread's heap limit.
 */
export const MAX_PENDING_CHARACTERS = 1_000_000;

/** saxes's buffers for the token it is reading (private in its typings; saxes is pinned). */
interface SaxesPending {
  text: string;
  name: string;
  piTarget: string;
  entity: string;
  attribList: { name: string; value: string }[];
}

/** The attributes read from a base and from an event tag, by vocabulary, whose lengths are checked. */
const BASE_ATTRIBUTES = new Map(VOCABULARIES.map((vocabulary) => [vocabulary, [vocabulary.baseId, 'title', 'sell_mode']]));
const EVENT_ATTRIBUTES = new Map(
  VOCABULARIES.map((vocabulary) => [vocabulary, [vocabulary.eventId, vocabulary.startsAt, vocabulary.endsAt, 'sell_from', 'sell_to', 'sold_out']]),
);

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
  /** Why the event is too large to hold (its values are then partly dropped): it is rejected. */
  tooLarge?: string;
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
  /** Why the open base's attributes were dropped, if they were. */
  private baseTooLarge: string | undefined;
  private event: ParsedEvent | null = null;
  /** Characters held for the open event's zones. */
  private eventCharacters = 0;
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
    this.boundPending();
  }

  private boundPending(): void {
    const pending = this.parser as unknown as SaxesPending;
    let held = pending.text.length + pending.name.length + pending.piTarget.length + pending.entity.length;
    for (const attribute of pending.attribList) held += attribute.name.length + attribute.value.length;
    if (held > MAX_PENDING_CHARACTERS) {
      const where = this.items ? ` after item ${this.items}` : '';
      throw new ProviderFeedError(`the feed holds more than ${MAX_PENDING_CHARACTERS} characters in one tag, text or comment${where}: no event's markup is that long`);
    }
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
      this.holdZone(this.event, attributes);
    } else if (tag.name === vocabulary.event) {
      const base = this.base;
      const tooLarge = this.baseTooLarge ?? tooLongAttribute(attributes, EVENT_ATTRIBUTES.get(vocabulary) ?? []);
      this.eventCharacters = 0;
      // Too large, it keeps only its ids, for the rejection to name.
      if (tooLarge) {
        this.event = { ordinal: ++this.items, baseId: held(base[vocabulary.baseId]), eventId: held(attributes[vocabulary.eventId]), zones: [], tooLarge };
        return;
      }
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
      this.baseTooLarge = tooLongAttribute(attributes, BASE_ATTRIBUTES.get(vocabulary) ?? []);
      this.base = this.baseTooLarge ? { [vocabulary.baseId]: held(attributes[vocabulary.baseId]) as string } : attributes;
    }
  }

  /** Holds a zone's values, unless its event already holds as many zones or characters as it may. */
  private holdZone(event: ParsedEvent, attributes: Attributes): void {
    if (event.tooLarge || event.zones.length >= ZONES_HELD * ZONE_FIELDS) return;
    // One pass over the zone's attributes, the most frequent tag of a feed.
    for (const name of ZONE_ATTRIBUTES) {
      const length = attributes[name]?.length ?? 0;
      if (length > MAX_ATTRIBUTE_LENGTH) return dropZones(event, `zone ${tooLong(name, length)}`);
      this.eventCharacters += length;
    }
    if (this.eventCharacters > MAX_EVENT_CHARACTERS) return dropZones(event, `its zones hold more than the ${MAX_EVENT_CHARACTERS} characters an event may`);
    for (const name of ZONE_ATTRIBUTES) event.zones.push(attributes[name]);
  }

  private close(tag: SaxesTagPlain): void {
    const vocabulary = this.vocabulary as Vocabulary;
    if (tag.name === vocabulary.event && this.event) {
      this.completed.push(this.event);
      this.event = null;
    } else if (tag.name === vocabulary.base) {
      this.base = {};
      this.baseTooLarge = undefined;
    } else if (tag.name === vocabulary.root) {
      this.rootClosed = true;
    }
  }
}

/** The value, unless it is too long to hold. */
function held(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= MAX_ATTRIBUTE_LENGTH ? value : undefined;
}

/** Why one of `names` is too long to hold, naming it and its length; undefined when none is. */
function tooLongAttribute(attributes: Attributes, names: readonly string[]): string | undefined {
  for (const name of names) {
    const length = attributes[name]?.length ?? 0;
    if (length > MAX_ATTRIBUTE_LENGTH) return tooLong(name, length);
  }
  return undefined;
}

function tooLong(name: string, length: number): string {
  return `${name} is ${length} characters long, more than the ${MAX_ATTRIBUTE_LENGTH} a feed's attribute may hold`;
}

/** Marks the event too large to hold, and lets go of the zones it held. */
function dropZones(event: ParsedEvent, why: string): void {
  event.tooLarge = why;
  event.zones = [];
}
