import { SaxesParser } from 'saxes';
import { GeneratedFeedOptions, generateFeed } from './generated-feed';

const SMALL: GeneratedFeedOptions = {
  seed: 7,
  call: 0,
  baseEvents: 200,
  eventsPerBase: 10,
  zonesPerEvent: 5,
  vocabulary: 'eventList',
};

interface ParsedEvent {
  sellMode: string;
  title: string;
  organizer: string | undefined;
  startsAt: string;
  soldOut: string;
  zoneIds: string[];
  prices: string[];
}

/** Parses the whole feed strictly (any well-formedness error throws) and indexes events by base/event id. */
function parse(options: GeneratedFeedOptions): { root: string; events: Map<string, ParsedEvent> } {
  const parser = new SaxesParser();
  const events = new Map<string, ParsedEvent>();
  let root = '';
  let base: Record<string, string> = {};
  let current: ParsedEvent | null = null;
  parser.on('opentag', ({ name, attributes }) => {
    const attribute = attributes as Record<string, string>;
    if (!root) root = name;
    else if (name === 'base_event' || name === 'base_plan') base = attribute;
    else if (name === 'event' || name === 'plan') {
      const prefix = name;
      current = {
        sellMode: base.sell_mode,
        title: base.title,
        organizer: base.organizer_company_id,
        startsAt: attribute[`${prefix}_start_date`],
        soldOut: attribute.sold_out,
        zoneIds: [],
        prices: [],
      };
      events.set(`${base[`base_${prefix}_id`]}/${attribute[`${prefix}_id`]}`, current);
    } else if (name === 'zone' && current) {
      current.zoneIds.push(attribute.zone_id);
      current.prices.push(attribute.price);
    }
  });
  for (const chunk of generateFeed(options)) parser.write(chunk);
  parser.close();
  return { root, events };
}

function text(options: GeneratedFeedOptions): string {
  return [...generateFeed(options)].join('');
}

describe('generateFeed', () => {
  it('is the same text for the same seed and call', () => {
    expect(text(SMALL)).toBe(text(SMALL));
  });

  it('differs with another seed', () => {
    expect(text({ ...SMALL, seed: 8 })).not.toBe(text(SMALL));
  });

  it('is well-formed XML with every event holding the requested zones', () => {
    const { root, events } = parse(SMALL);

    expect(root).toBe('eventList');
    expect(events.size).toBeGreaterThan(SMALL.baseEvents * SMALL.eventsPerBase * 0.9);
    expect([...events.values()].every((event) => event.zoneIds.length === SMALL.zonesPerEvent)).toBe(true);
  });

  it('speaks the 2025 planList vocabulary when asked', () => {
    const planList = parse({ ...SMALL, vocabulary: 'planList' });
    const eventList = parse(SMALL);

    expect(planList.root).toBe('planList');
    expect(text({ ...SMALL, vocabulary: 'planList' })).not.toMatch(/<base_event|<event /);
    expect([...planList.events.entries()]).toEqual([...eventList.events.entries()]);
  });

  it('comes in pieces that stay small whatever the feed size', () => {
    const pieces = [...generateFeed({ ...SMALL, baseEvents: 300, zonesPerEvent: 20 })].map((piece) => piece.length);

    expect(pieces.length).toBeGreaterThan(50);
    expect(Math.max(...pieces)).toBeLessThan(128 * 1024);
  });

  it('grows in proportion to the number of base events', () => {
    const bytes = (baseEvents: number) => Buffer.byteLength(text({ ...SMALL, baseEvents }));

    expect(bytes(400) / bytes(200)).toBeCloseTo(2, 0);
  });

  it('makes about 40 MB and 400,000 zones with the default sizes', () => {
    let bytes = 0;
    let zones = 0;
    for (const piece of generateFeed({ ...SMALL, baseEvents: 2000, eventsPerBase: 10, zonesPerEvent: 20 })) {
      bytes += Buffer.byteLength(piece);
      for (let at = piece.indexOf('<zone '); at !== -1; at = piece.indexOf('<zone ', at + 1)) zones++;
    }

    expect(bytes).toBeGreaterThan(36e6);
    expect(bytes).toBeLessThan(46e6);
    expect(zones).toBeGreaterThan(360_000);
    expect(zones).toBeLessThanOrEqual(400_000);
  });

  it('changes between calls the way the live feed does, keeping most events', () => {
    const first = parse(SMALL).events;
    const second = parse({ ...SMALL, call: 1 }).events;
    const kept = [...first.keys()].filter((key) => second.has(key));
    const changed = (what: (event: ParsedEvent) => unknown) =>
      kept.filter((key) => JSON.stringify(what(first.get(key)!)) !== JSON.stringify(what(second.get(key)!))).length;

    expect(kept.length).toBeGreaterThan(first.size * 0.9);
    expect(first.size - kept.length).toBeGreaterThan(0);
    expect([...second.keys()].filter((key) => !first.has(key)).length).toBeGreaterThan(0);
    expect(changed((event) => event.prices)).toBeGreaterThan(0);
    expect(changed((event) => event.sellMode)).toBeGreaterThan(0);
    expect(changed((event) => [event.title, event.startsAt, event.zoneIds])).toBe(0);
  });

  it('carries the real feed traps', () => {
    const events = [...parse({ ...SMALL, baseEvents: 1000 }).events.values()];

    expect(events.some((event) => /-09-31T/.test(event.startsAt))).toBe(true);
    expect(events.some((event) => /[&<>"']/.test(event.title))).toBe(true);
    expect(events.some((event) => [...event.title].some((character) => character.charCodeAt(0) > 127))).toBe(true);
    expect(events.some((event) => new Set(event.zoneIds).size < event.zoneIds.length)).toBe(true);
    expect(events.some((event) => event.organizer === undefined)).toBe(true);
    expect(events.some((event) => event.sellMode === 'offline')).toBe(true);
  });

  it('reuses event ids under different base events, as the real feed does', () => {
    const eventIds = [...parse(SMALL).events.keys()].map((key) => key.split('/')[1]);

    expect(new Set(eventIds).size).toBeLessThan(eventIds.length);
  });
});
