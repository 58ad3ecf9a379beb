import { InvalidEventField } from '@contexts/events/domain/errors/invalid-event-field.error';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { ProviderItem } from '@contexts/events/domain/provider-item';
import { ZonePrimitives } from '@contexts/events/domain/zone.entity';
import { DomainError } from '@shared/domain/domain-error';
import { FeedContext } from './feed-format';
import { ParsedEvent, VOCABULARIES, Vocabulary, ZONE_FIELDS } from './xml-feed.parser';
import { ReadAheadBody } from './read-ahead-body';
import { ParserThreadStarter, defaultParserThread, startXmlFeedParsing } from './xml-feed-parsing';

/**
 * Reads a provider's XML feed as it arrives and yields one item per event as soon as its closing
 * tag is parsed: an Event, or a rejection naming where it was and why. The body is read a bounded
 * distance ahead of the items the caller has taken (ReadAheadBody), so a slow consumer slows the
 * read instead of filling memory.
 *
 * The parsing (saxes, most of the CPU) runs in a thread of its own when `parserThread` starts one:
 * the next pieces of the body are parsed there while this thread translates and stores earlier ones.
 *
 * Throws ProviderFeedError when the body as a whole is not a complete events feed.
 */
export async function* translateXmlFeed(
  chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  context: FeedContext,
  parserThread: ParserThreadStarter | null = defaultParserThread(),
): AsyncGenerator<ProviderItem> {
  const parsing = startXmlFeedParsing(parserThread);
  const body = new ReadAheadBody(chunks, parsing);
  try {
    for (;;) {
      const { parsed, last } = await parsing.take();
      body.taken();
      let readingOn = false;
      for (const event of parsed.events) {
        yield translate(VOCABULARIES[parsed.vocabulary], event, context);
        // Once the caller takes the first item, the body is read and parsed on meanwhile.
        if (!readingOn) {
          readingOn = true;
          body.readOn();
        }
      }
      if (last) return;
      body.readOn();
    }
  } finally {
    body.stop();
    await parsing.close();
  }
}

function translate(vocabulary: Vocabulary, parsed: ParsedEvent, context: FeedContext): ProviderItem {
  try {
    if (parsed.tooLarge) throw new InvalidEventField('item', `is too large: ${parsed.tooLarge}`);
    return {
      kind: 'event',
      event: TicketedEvent.create(
        {
          provider: context.provider,
          baseEventId: parsed.baseId ?? '',
          eventId: parsed.eventId ?? '',
          title: parsed.title ?? '',
          sellMode: parsed.sellMode ?? '',
          startsAt: parsed.startsAt ?? '',
          endsAt: parsed.endsAt ?? '',
          sellFrom: parsed.sellFrom ?? null,
          sellTo: parsed.sellTo ?? null,
          soldOut: flag('sold out', parsed.soldOut),
          zones: zonesOf(parsed.zones),
        },
        context.seenAt,
      ),
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const reference =
      `${vocabulary.base} ${parsed.baseId || '?'} / ` +
      `${vocabulary.event} ${parsed.eventId || '?'} (item ${parsed.ordinal})`;
    return { kind: 'rejected', rejection: { reference, reason: error.message } };
  }
}

function zonesOf(fields: readonly (string | undefined)[]): ZonePrimitives[] {
  const zones: ZonePrimitives[] = [];
  for (let at = 0; at < fields.length; at += ZONE_FIELDS) {
    // In the order of ZONE_ATTRIBUTES: zone_id, name, capacity, price, numbered.
    zones.push({
      zoneId: fields[at] ?? '',
      name: fields[at + 1] ?? '',
      capacity: wholeNumber('zone capacity', fields[at + 2]),
      price: fields[at + 3] ?? '',
      numbered: flag('zone numbered', fields[at + 4]),
    });
  }
  return zones;
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
