import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { EventPrimitives, MAX_ZONES } from '@contexts/events/domain/ticketed-event.aggregate';
import { ProviderItem, Rejection } from '@contexts/events/domain/provider-item';
import { ProviderFeedError } from './provider-feed.error';
import { ParserThreadStarter } from './xml-feed-parsing';
import { MAX_ATTRIBUTE_LENGTH, MAX_EVENT_CHARACTERS, MAX_PENDING_CHARACTERS, XmlFeedParser, ZONE_FIELDS, ZONES_HELD } from './xml-feed.parser';
import { translateXmlFeed } from './xml-feed.translator';

const SEEN_AT = new Date('2021-02-01T10:00:00Z');
const SAMPLES = join(__dirname, '../../../../shared/provider-sim/samples');

function sample(number: 1 | 2 | 3): Buffer {
  return readFileSync(join(SAMPLES, `response_${number}.xml`));
}

/**
 * The parser thread as the built apps start it, from its TypeScript sources compiled once here
 * (a TypeScript loader in every thread would take longer than the cases themselves).
 */
function typeScriptParserThread(): ParserThreadStarter {
  const sources = ['xml-feed-parser.thread.ts', 'xml-feed.parser.ts', 'feed-text-decoder.ts', 'provider-feed.error.ts'].map((file) =>
    join(__dirname, file),
  );
  const compiled = Object.fromEntries(
    sources.map((file) => [
      file,
      ts.transpileModule(readFileSync(file, 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
        fileName: file,
      }).outputText,
    ]),
  );
  const loader =
    "const compiled = require('node:worker_threads').workerData;" +
    "require.extensions['.ts'] = (module, file) => module._compile(compiled[file], file);" +
    `require(${JSON.stringify(sources[0])});`;
  return () => new Worker(loader, { eval: true, workerData: compiled });
}

// Set by the describe.each below: every case runs with the parser in process and in its own thread.
let parserThread: ParserThreadStarter | null = null;

function translateXml(chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>): AsyncGenerator<ProviderItem> {
  return translateXmlFeed(chunks, { provider: 'acme', seenAt: SEEN_AT }, parserThread);
}

async function translate(chunks: Iterable<Buffer | string> | AsyncIterable<Buffer | string>): Promise<ProviderItem[]> {
  const items: ProviderItem[] = [];
  for await (const item of translateXml(chunks)) items.push(item);
  return items;
}

function events(items: ProviderItem[]): EventPrimitives[] {
  return items.flatMap((item) => (item.kind === 'event' ? [item.event.toPrimitives()] : []));
}

function rejections(items: ProviderItem[]): Rejection[] {
  return items.flatMap((item) => (item.kind === 'rejected' ? [item.rejection] : []));
}

function byteByByte(body: Buffer): Buffer[] {
  return [...body].map((byte) => Buffer.from([byte]));
}

type Overrides = Record<string, string | null>;

/** Attributes from defaults and the test's changes; `null` removes an attribute. */
function attributes(defaults: Record<string, string>, changes: Overrides = {}): string {
  return Object.entries({ ...defaults, ...changes })
    .filter(([, value]) => value !== null)
    .map(([name, value]) => `${name}="${value}"`)
    .join(' ');
}

function zone(overrides: Overrides): string {
  return `<zone ${attributes({ zone_id: '1', capacity: '10', price: '12.50', name: 'Stalls', numbered: 'true' }, overrides)}/>`;
}

/** A one-event feed whose attributes the test overrides. */
function feed(overrides: { base?: Overrides; event?: Overrides; zones?: string } = {}): string {
  const base = attributes({ base_event_id: '7', sell_mode: 'online', title: 'Show' }, overrides.base);
  const event = attributes(
    {
      event_start_date: '2021-05-01T20:00:00',
      event_end_date: '2021-05-01T22:00:00',
      event_id: '70',
      sell_from: '2021-01-01T00:00:00',
      sell_to: '2021-05-01T19:00:00',
      sold_out: 'false',
    },
    overrides.event,
  );
  const zones = overrides.zones ?? zone({});
  return `<eventList version="1.0"><output><base_event ${base}><event ${event}>${zones}</event></base_event></output></eventList>`;
}

describe.each([
  ['in process', null],
  ['in a thread', typeScriptParserThread()],
])('translateXmlFeed, parsing %s', (_where, starter) => {
  beforeAll(() => {
    parserThread = starter;
  });

  describe('the recorded provider responses', () => {
    it('reads response 1 as three events, keeping both events numbered 1642 and the duplicate zone 186', async () => {
      const items = await translate([sample(1)]);

      expect(items.map((item) => item.kind)).toEqual(['event', 'event', 'event']);
      const [camela, pantomima, morancos] = events(items);
      expect(camela).toMatchObject({
        provider: 'acme',
        baseEventId: '291',
        eventId: '291',
        title: 'Camela en concierto',
        startsAt: '2021-06-30T21:00:00',
        endsAt: '2021-06-30T22:00:00',
        sellFrom: '2020-07-01T00:00:00',
        sellTo: '2021-06-30T20:00:00',
        soldOut: false,
        sellMode: 'online',
        everOnline: true,
        firstSeenAt: SEEN_AT,
        minPrice: '15.00',
        maxPrice: '30.00',
        zones: [
          { zoneId: '40', name: 'Platea', capacity: 243, price: '20.00', numbered: true },
          { zoneId: '38', name: 'Grada 2', capacity: 100, price: '15.00', numbered: false },
          { zoneId: '30', name: 'A28', capacity: 90, price: '30.00', numbered: true },
        ],
      });
      expect(pantomima).toMatchObject({ baseEventId: '322', eventId: '1642', title: 'Pantomima Full', minPrice: '55.00' });
      expect(morancos).toMatchObject({
        baseEventId: '1591',
        eventId: '1642',
        title: 'Los Morancos',
        zones: [
          { zoneId: '186', capacity: 2, price: '75.00', numbered: true },
          { zoneId: '186', capacity: 16, price: '65.00', numbered: false },
        ],
      });
      expect(pantomima.id).not.toBe(morancos.id);
    });

    it('rejects base event 444 in response 2 for its impossible date, and keeps the others', async () => {
      const items = await translate([sample(2)]);

      expect(events(items).map((event) => [event.baseEventId, event.eventId])).toEqual([
        ['291', '291'],
        ['1591', '1642'],
      ]);
      expect(events(items)[0].zones.map((zone) => zone.capacity)).toEqual([240, 50, 90]);
      expect(events(items)[1].endsAt).toBe('2021-07-31T21:20:00');
      expect(rejections(items)).toEqual([
        {
          reference: 'base_event 444 / event 1642 (item 3)',
          reason: '"2021-09-31T20:00:00" is not a valid date-time: day 31 does not exist in 2021-09',
        },
      ]);
    });

    it('reads response 3 with its latest values and still rejects 444', async () => {
      const items = await translate([sample(3)]);

      expect(items.map((item) => item.kind)).toEqual(['event', 'event', 'rejected']);
      const [camela, morancos] = events(items);
      expect(camela).toMatchObject({ endsAt: '2021-06-30T21:30:00' });
      expect(camela.zones.map((zone) => zone.capacity)).toEqual([200, 0, 80]);
      expect(morancos.zones.map((zone) => zone.capacity)).toEqual([0, 12]);
      expect(rejections(items)[0].reference).toMatch(/^base_event 444 \/ event 1642/);
    });

    it.each([1, 2, 3] as const)('gives the same items for response %p fed one byte per chunk', async (number) => {
      const whole = await translate([sample(number)]);
      const dripped = await translate(byteByByte(sample(number)));

      expect(events(dripped)).toEqual(events(whole));
      expect(rejections(dripped)).toEqual(rejections(whole));
    });
  });

  it('reads the 2025 planList vocabulary as the same events', async () => {
    const planList = sample(1)
      .toString('utf8')
      .replace(/eventList/g, 'planList')
      .replace(/base_event_id=/g, 'base_plan_id=')
      .replace(/<(\/?)base_event\b/g, '<$1base_plan')
      .replace(/<(\/?)event\b/g, '<$1plan')
      .replace(/event_start_date=/g, 'plan_start_date=')
      .replace(/event_end_date=/g, 'plan_end_date=')
      .replace(/event_id=/g, 'plan_id=');
    expect(planList).toContain('<base_plan base_plan_id="291"');

    const items = await translate([planList]);

    expect(events(items)).toEqual(events(await translate([sample(1)])));
  });

  it('names rejected plans in the planList vocabulary', async () => {
    const body =
      '<planList><output><base_plan base_plan_id="9" sell_mode="online" title="T">' +
      '<plan plan_start_date="2021-02-30T10:00:00" plan_end_date="2021-03-01T10:00:00" plan_id="90" sold_out="false"/>' +
      '</base_plan></output></planList>';

    expect(rejections(await translate([body]))).toEqual([
      expect.objectContaining({ reference: 'base_plan 9 / plan 90 (item 1)' }),
    ]);
  });

  it('decodes entities and keeps non-ASCII titles intact, even split byte by byte', async () => {
    const body = Buffer.from(feed({ base: { title: 'Rock &amp; &quot;Roll&quot; &#8211; Café Niño 東京 🎸' } }), 'utf8');

    const [event] = events(await translate(byteByByte(body)));

    expect(event.title).toBe('Rock & "Roll" – Café Niño 東京 🎸');
  });

  it.each([
    ['ISO-8859-1, as its declaration says', (xml: string) => Buffer.from(`<?xml version="1.0" encoding="ISO-8859-1"?>${xml}`, 'latin1')],
    ['windows-1252, as its declaration says', (xml: string) => Buffer.from(`<?xml version='1.0' encoding='windows-1252'?>\n${xml}`, 'latin1')],
    ['UTF-16LE, as its byte order mark says', (xml: string) => Buffer.from(`\ufeff<?xml version="1.0" encoding="UTF-16"?>${xml}`, 'utf16le')],
    ['UTF-8 with a byte order mark', (xml: string) => Buffer.from(`\ufeff<?xml version="1.0"?>${xml}`, 'utf8')],
  ])('reads a feed in %s, whole or byte by byte', async (_encoding, encoded) => {
    const body = encoded(feed({ base: { title: 'Café Niño' } }));

    for (const chunks of [[body], byteByByte(body)]) {
      const [event] = events(await translate(chunks));
      expect(event.title).toBe('Café Niño');
    }
  });

  it('rejects an item whose title holds bytes not valid in the feed\'s encoding, and reads the next one', async () => {
    const [head, tail] = feed({ base: { title: 'Bj|rk' } })
      .replace('</output>', feedBody('8', '80') + '</output>')
      .split('|');
    // 0xF6 is ö in ISO-8859-1 but never a whole character in UTF-8, the encoding this feed is read in.
    const body = Buffer.concat([Buffer.from(head, 'utf8'), Buffer.from([0xf6]), Buffer.from(tail, 'utf8')]);

    const items = await translate([body]);

    expect(rejections(items)).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^title holds bytes that are not valid in the feed's encoding/) })]);
    expect(events(items).map((event) => event.title)).toEqual(['Extra']);
  });

  it('accepts an event without organizer nor sell window', async () => {
    const items = await translate([feed({ event: { sell_from: null, sell_to: null } })]);

    expect(events(items)).toEqual([expect.objectContaining({ sellFrom: null, sellTo: null })]);
  });

  it('accepts an event without zones', async () => {
    const [event] = events(await translate([feed({ zones: '' })]));

    expect(event).toMatchObject({ zones: [], minPrice: null });
  });

  describe('an invalid item is rejected with its reason, never thrown', () => {
    it.each([
      ['an impossible date', { event: { event_start_date: '2021-09-31T20:00:00' } }, /day 31 does not exist/],
      ['an end before the start', { event: { event_end_date: '2021-05-01T19:00:00' } }, /event ends .* before it starts/],
      ['a date that is not a date', { event: { event_start_date: 'tomorrow' } }, /not a valid date-time/],
      ['a missing event id', { event: { event_id: null } }, /event id is missing/],
      ['a blank base event id', { base: { base_event_id: ' ' } }, /base event id is missing/],
      ['a missing title', { base: { title: null } }, /title is missing/],
      ['an unknown sell mode', { base: { sell_mode: 'phone' } }, /sell mode must be one of online, offline/],
      ['a sold-out flag that is not a boolean', { event: { sold_out: 'yes' } }, /sold out must be true or false, got "yes"/],
      ['a missing sold-out flag', { event: { sold_out: null } }, /sold out must be true or false/],
      ['half a sell window', { event: { sell_to: null } }, /sell window needs both/],
      ['a sell window ending before it starts', { event: { sell_to: '2020-01-01T00:00:00' } }, /sell window ends/],
    ])('%s', async (_case, overrides, reason) => {
      const items = await translate([feed(overrides)]);

      expect(items).toEqual([{ kind: 'rejected', rejection: { reference: expect.any(String), reason: expect.stringMatching(reason) } }]);
    });

    it.each([
      ['an unparsable price', { price: '12,50' }, /price "12,50" is not a decimal number/],
      ['a negative price', { price: '-1.00' }, /price "-1.00" is negative/],
      ['an empty price', { price: '' }, /price "" is not a decimal number/],
      ['a missing price', { price: null }, /price "" is not a decimal number/],
      ['a capacity that is not a number', { capacity: 'lots' }, /zone capacity must be a whole number ≥ 0, got "lots"/],
      ['a negative capacity', { capacity: '-3' }, /zone capacity .* got "-3"/],
      ['a fractional capacity', { capacity: '2.5' }, /zone capacity .* got "2.5"/],
      ['an empty capacity', { capacity: '' }, /zone capacity .* got ""/],
      ['a hexadecimal capacity', { capacity: '0x10' }, /zone capacity .* got "0x10"/],
      ['a numbered flag that is not a boolean', { numbered: 'maybe' }, /zone numbered must be true or false/],
      ['a missing zone id', { zone_id: null }, /zone id is missing/],
    ])('rejects the whole event for a zone with %s', async (_case, overrides, reason) => {
      const zones = zone({}) + zone(overrides);

      const items = await translate([feed({ zones })]);

      expect(rejections(items)).toEqual([{ reference: 'base_event 7 / event 70 (item 1)', reason: expect.stringMatching(reason) }]);
    });

    it('keeps translating the items after a rejected one', async () => {
      const items = await translate([sample(2).toString('utf8').replace('</output>', feedBody('8', '80') + '</output>')]);

      expect(items.map((item) => item.kind)).toEqual(['event', 'event', 'rejected', 'event']);
    });

    it('rejects an event with more zones than an event may have, holding no more than one past the limit', async () => {
      const zones = Array.from({ length: MAX_ZONES + 500 }, (_, at) => zone({ zone_id: String(at) })).join('');
      const fat = feed({ zones }).replace('</output>', feedBody('8', '80') + '</output>');

      const items = await translate([fat]);

      expect(items.map((item) => item.kind)).toEqual(['rejected', 'event']);
      expect(rejections(items)[0].reason).toBe(`zones number more than the ${MAX_ZONES} an event may have`);
      expect(ZONES_HELD).toBe(MAX_ZONES + 1);
      const parser = new XmlFeedParser();
      const [parsed] = [...parser.write(fat).events, ...parser.end().events];
      expect(parsed.zones).toHaveLength(ZONES_HELD * ZONE_FIELDS);
    });

    it.each([
      ['a title', () => feed({ base: { title: 'T'.repeat(MAX_ATTRIBUTE_LENGTH + 1) } }), `title is ${MAX_ATTRIBUTE_LENGTH + 1} characters long`],
      ['a date', () => feed({ event: { sell_to: '9'.repeat(MAX_ATTRIBUTE_LENGTH + 1) } }), `sell_to is ${MAX_ATTRIBUTE_LENGTH + 1} characters long`],
      ['a zone name', () => feed({ zones: zone({}) + zone({ name: 'n'.repeat(MAX_ATTRIBUTE_LENGTH + 1) }) }), `zone name is ${MAX_ATTRIBUTE_LENGTH + 1}`],
      [
        'zones that together pass MAX_EVENT_CHARACTERS',
        () => feed({ zones: Array.from({ length: 250 }, (_, at) => zone({ zone_id: String(at), name: 'n'.repeat(9_000) })).join('') }),
        `its zones hold more than the ${MAX_EVENT_CHARACTERS} characters an event may`,
      ],
    ])('rejects an item with %s too large to hold, naming its ids, and reads the next one', async (_case, body, reason) => {
      const items = await translate([body().replace('</output>', feedBody('8', '80') + '</output>')]);

      expect(items.map((item) => item.kind)).toEqual(['rejected', 'event']);
      expect(rejections(items)[0]).toEqual({ reference: 'base_event 7 / event 70 (item 1)', reason: expect.stringContaining(reason) });
      expect(rejections(items)[0].reason).toMatch(/^item is too large: /);
    });

    it('hands over none of an attribute too long to hold: the parsed item keeps only its ids', async () => {
      const long = feed({ base: { title: 'x'.repeat(MAX_PENDING_CHARACTERS / 2) } });
      const parser = new XmlFeedParser();

      const [parsed] = [...parser.write(long).events, ...parser.end().events];

      expect(parsed).toEqual({ ordinal: 1, baseId: '7', eventId: '70', zones: [], tooLarge: expect.stringMatching(/^title is 500000 characters long/) });
    });

    it('uses a question mark for the ids a rejected item lacks', async () => {
      const [rejection] = rejections(await translate([feed({ base: { base_event_id: null }, event: { event_id: null } })]));

      expect(rejection.reference).toBe('base_event ? / event ? (item 1)');
    });
  });

  describe('a feed that cannot be read as a whole throws', () => {
    it.each([
      ['an empty body', [], /the body is empty/],
      ['a blank body', ['  \n '], /the body is empty/],
      ['a body with only a declaration', ['<?xml version="1.0" encoding="UTF-8"?>\n'], /holds no XML element/],
      ['plain text', ['Service Unavailable'], /malformed XML/],
      ['an HTML page', ['<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>502</title></head></html>'], /root element is <html>, expected <eventList> or <planList>/],
      ['an unknown root element', ['<events><event/></events>'], /root element is <events>/],
      ['a mismatched closing tag', [feed().replace('</event>', '</evnt>')], /malformed XML/],
      [
        'an unescaped ampersand',
        [feed({ base: { title: 'Rock & Roll' }, zones: '<zone zone_id="1" capacity="1" price="1.00" name="A&amp;B" numbered="true"/>' })],
        /malformed XML/,
      ],
      ['an undefined entity', [feed({ base: { title: 'Caf&eacute;' } })], /malformed XML/],
      ['a second root element', [feed() + '<eventList></eventList>'], /malformed XML/],
      ['a body cut off mid-document', [sample(1).subarray(0, 1200)], /ended before <\/eventList>: the feed is truncated/],
      ['a body cut off inside a tag', [feed().slice(0, -5)], /truncated/],
      ['an encoding nobody can decode', [Buffer.from(`<?xml version="1.0" encoding="x-unknown-9"?>${feed()}`)], /declares the encoding "x-unknown-9", which is not supported/],
    ])('%s', async (_case, chunks, message) => {
      const failure = translate(chunks as string[]);

      await expect(failure).rejects.toThrow(ProviderFeedError);
      await expect(failure).rejects.toThrow(message);
    });

    const inPieces = (body: string) => Array.from({ length: Math.ceil(body.length / 65_536) }, (_, at) => body.slice(at * 65_536, (at + 1) * 65_536));

    // Bodies built when their test runs, not all held while the file's tests are collected.
    it.each([
      ['a 20 MB attribute', () => feed({ base: { title: 'x'.repeat(20 * 1024 * 1024) } })],
      ['a 20 MB attribute holding ">" (legal there)', () => feed({ base: { title: `${'x'.repeat(500_000)}>`.repeat(40) } })],
      ['a tag of many attributes', () => feed({ event: Object.fromEntries(Array.from({ length: 200 }, (_, at) => [`extra${at}`, 'y'.repeat(9_000)])) })],
      ['a 20 MB comment holding "<" and ">"', () => feed().replace('<output>', `<output><!--${'<a> '.repeat(5 * 1024 * 1024)}-->`)],
    ])('%s, given in 64 KB pieces, before the parser holds more than MAX_PENDING_CHARACTERS of it', async (_case, body) => {
      await expect(translate(inPieces(body()))).rejects.toThrow(
        `the feed holds more than ${MAX_PENDING_CHARACTERS} characters in one tag, text or comment: no event's markup is that long`,
      );
    });

    it('after yielding the events it had completed', async () => {
      const seen: string[] = [];
      const reading = (async () => {
        for await (const item of translateXml([sample(1).subarray(0, 1600)])) {
          if (item.kind === 'event') seen.push(item.event.identity.baseEventId);
        }
      })();

      await expect(reading).rejects.toThrow(ProviderFeedError);
      expect(seen).toEqual(['291', '322']);
    });
  });

  it('yields each event before the rest of the body has arrived', async () => {
    const body = sample(1);
    const firstEventEnds = body.indexOf('</event>') + '</event>'.length;
    const pulled: string[] = [];
    async function* network(): AsyncGenerator<Buffer> {
      pulled.push('head');
      yield body.subarray(0, firstEventEnds);
      pulled.push('rest');
      yield body.subarray(firstEventEnds);
    }

    const items = translateXml(network());
    const first = await items.next();

    expect(first.value).toMatchObject({ kind: 'event', event: { title: 'Camela en concierto' } });
    expect(pulled).toEqual(['head']);
    await items.return(undefined);
  });
});

function feedBody(baseId: string, eventId: string): string {
  return (
    `<base_event base_event_id="${baseId}" sell_mode="offline" title="Extra">` +
    `<event event_start_date="2021-05-01T20:00:00" event_end_date="2021-05-01T22:00:00" event_id="${eventId}" sold_out="true"/>` +
    '</base_event>'
  );
}
