import { SaxesParser, SaxesTagPlain } from 'saxes';
import { InvalidEventField } from '@contexts/events/domain/errors/invalid-event-field.error';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { ProviderItem } from '@contexts/events/domain/provider-item';
import { ZonePrimitives } from '@contexts/events/domain/zone.entity';
import { DomainError } from '@shared/domain/domain-error';
import { FeedContext } from './feed-format';
import { ProviderFeedError } from './provider-feed.error';

type Attributes = Record<string, string>;

/** The names that changed when the provider renamed its feed in 2025; everything else kept its name. */
interface Vocabulary {
  root: string;
  base: string;
  baseId: string;
  event: string;
  eventId: string;
  startsAt: string;
  endsAt: string;
}

const VOCABULARIES: readonly Vocabulary[] = [
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

/**
 * Reads a provider's XML feed as it arrives and yields one item per event as soon as its closing
 * tag is parsed: an Event, or a rejection naming where it was and why. Only one event (with its
 * zones) is held at a time, and the next chunk is not read until the caller has taken the items of
 * the previous one, so a slow consumer slows the read instead of filling memory.
 *
 * Throws ProviderFeedError when the body as a whole is not a complete events feed.
 */
export async function* translateXmlFeed(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  context: FeedContext,
): AsyncGenerator<ProviderItem> {
  const reader = new FeedReader(context);
  for await (const chunk of chunks) {
    reader.write(chunk);
    yield* reader.takeCompleted();
  }
  reader.end();
  yield* reader.takeCompleted();
}

interface OpenEvent {
  attributes: Attributes;
  zones: Attributes[];
  /** 1 for the first event of the feed. */
  ordinal: number;
}

class FeedReader {
  // Line tracking costs a third of the parse time; an item's ordinal locates it well enough.
  private readonly parser = new SaxesParser({ xmlns: false, position: false });
  // Streaming, because multi-byte characters (non-ASCII titles) can be split across network chunks.
  // A third faster than StringDecoder; ignoreBOM keeps a leading byte order mark for saxes to judge.
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  private vocabulary: Vocabulary | null = null;
  private rootClosed = false;
  private sawContent = false;
  private base: Attributes | null = null;
  private event: OpenEvent | null = null;
  private items = 0;
  private completed: ProviderItem[] = [];

  constructor(private readonly context: FeedContext) {
    this.parser.on('opentag', (tag) => this.open(tag));
    this.parser.on('closetag', (tag) => this.close(tag));
    this.parser.on('error', (error) => {
      const where = this.items ? ` after item ${this.items}` : '';
      throw new ProviderFeedError(`malformed XML${where}: ${error.message}`);
    });
  }

  write(chunk: Buffer | string): void {
    this.parse(typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
  }

  end(): void {
    this.parse(this.decoder.decode());
    if (!this.sawContent) throw new ProviderFeedError('the body is empty');
    if (!this.vocabulary) throw new ProviderFeedError('the body holds no XML element');
    if (!this.rootClosed) {
      throw new ProviderFeedError(`the body ended before </${this.vocabulary.root}>: the feed is truncated`);
    }
    this.parser.close();
  }

  takeCompleted(): ProviderItem[] {
    const items = this.completed;
    this.completed = [];
    return items;
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
    if (tag.name === this.vocabulary.base) {
      this.base = attributes;
    } else if (tag.name === this.vocabulary.event) {
      this.event = { attributes, zones: [], ordinal: ++this.items };
    } else if (tag.name === ZONE && this.event) {
      this.event.zones.push(attributes);
    }
  }

  private close(tag: SaxesTagPlain): void {
    const vocabulary = this.vocabulary as Vocabulary;
    if (tag.name === vocabulary.event && this.event) {
      this.completed.push(this.translate(vocabulary, this.base ?? {}, this.event));
      this.event = null;
    } else if (tag.name === vocabulary.base) {
      this.base = null;
    } else if (tag.name === vocabulary.root) {
      this.rootClosed = true;
    }
  }

  private translate(vocabulary: Vocabulary, base: Attributes, event: OpenEvent): ProviderItem {
    const { attributes } = event;
    try {
      return {
        kind: 'event',
        event: TicketedEvent.create(
          {
            provider: this.context.provider,
            baseEventId: base[vocabulary.baseId] ?? '',
            eventId: attributes[vocabulary.eventId] ?? '',
            title: base.title ?? '',
            sellMode: base.sell_mode ?? '',
            startsAt: attributes[vocabulary.startsAt] ?? '',
            endsAt: attributes[vocabulary.endsAt] ?? '',
            sellFrom: attributes.sell_from ?? null,
            sellTo: attributes.sell_to ?? null,
            soldOut: flag('sold out', attributes.sold_out),
            zones: event.zones.map(zoneOf),
          },
          this.context.seenAt,
        ),
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const reference =
        `${vocabulary.base} ${base[vocabulary.baseId] || '?'} / ` +
        `${vocabulary.event} ${attributes[vocabulary.eventId] || '?'} (item ${event.ordinal})`;
      return { kind: 'rejected', rejection: { reference, reason: error.message } };
    }
  }
}

function zoneOf(zone: Attributes): ZonePrimitives {
  return {
    zoneId: zone.zone_id ?? '',
    name: zone.name ?? '',
    capacity: wholeNumber('zone capacity', zone.capacity),
    price: zone.price ?? '',
    numbered: flag('zone numbered', zone.numbered),
  };
}

// xsd:boolean, which is what the feed's schema declares.
function flag(field: string, raw: string | undefined): boolean {
  switch (raw?.trim()) {
    case 'true':
    case '1':
      return true;
    case 'false':
    case '0':
      return false;
    default:
      throw new InvalidEventField(field, `must be true or false, got "${raw ?? ''}"`);
  }
}

// Number() alone would read "" as 0 and "0x10" as 16.
function wholeNumber(field: string, raw: string | undefined): number {
  const text = raw?.trim() ?? '';
  if (!/^\d+$/.test(text)) throw new InvalidEventField(field, `must be a whole number ≥ 0, got "${raw ?? ''}"`);
  return Number(text);
}
