import { between, pick, seededRandom } from './seeded-random';

export type FeedVocabulary = 'eventList' | 'planList';

export interface GeneratedFeedOptions {
  seed: number;
  /** How many feeds were served before this one: what changes between calls is drawn from it. */
  call: number;
  baseEvents: number;
  eventsPerBase: number;
  zonesPerEvent: number;
  vocabulary: FeedVocabulary;
}

// Written out here rather than shared with the translator on purpose: the simulator plays the
// provider, and a test double that borrowed the reader's knowledge could not catch its mistakes.
const NAMES: Record<FeedVocabulary, Record<'root' | 'base' | 'baseId' | 'event' | 'eventId' | 'startsAt' | 'endsAt', string>> = {
  eventList: {
    root: 'eventList',
    base: 'base_event',
    baseId: 'base_event_id',
    event: 'event',
    eventId: 'event_id',
    startsAt: 'event_start_date',
    endsAt: 'event_end_date',
  },
  planList: {
    root: 'planList',
    base: 'base_plan',
    baseId: 'base_plan_id',
    event: 'plan',
    eventId: 'plan_id',
    startsAt: 'plan_start_date',
    endsAt: 'plan_end_date',
  },
};

// How often things change between two calls, and how often the real feed's traps show up.
const VANISH_RATE = 0.02;
const DEBUT_RATE = 0.03;
const SELL_MODE_FLIP_RATE = 0.03;
const PRICE_CHANGE_RATE = 0.1;
const SOLD_OUT_RATE = 0.05;
const OFFLINE_RATE = 0.15;
const ORGANIZER_RATE = 0.7;
const TRAP_TITLE_RATE = 0.03;
const IMPOSSIBLE_DATE_RATE = 0.002;
const DUPLICATE_ZONE_RATE = 0.01;

const ARTISTS = [
  'Camela', 'Los Morancos', 'Pantomima Full', 'Rosalía', 'Vetusta Morla', 'Estopa', 'Björk', 'Mägo de Oz',
  'Niña Pastori', 'Sílvia Pérez Cruz', 'Love of Lesbian', 'Dani Martín', 'Zoé', 'Café Quijano', 'Ñu', 'Orquesta Mondragón',
];
const SHOWS = ['en concierto', 'Gira 2022', 'Acústico', 'Tributo', 'Gran Gala', 'en el Liceu', 'Fin de gira', 'Sinfónico'];
const TRAP_TITLES = ['%s & Friends', '"%s" – edición especial', '%s <Unplugged>', "%s: l'última nit", '%s 東京ライブ'];
const ZONES = ['Platea', 'Grada', 'Anfiteatro', 'Palco', 'Pista', 'Amfiteatre', 'General', 'VIP'];

const EPOCH = Date.UTC(2021, 0, 1);
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
// Big enough that socket writes are efficient, small enough that nothing large is ever held.
const CHUNK_CHARS = 64 * 1024;

/**
 * A provider feed made up from a seed, produced piece by piece: memory stays flat whatever the
 * size. The same options always give the same text; consecutive calls differ the way the live
 * feed does (events vanish and reappear, debut, change price, flip sell mode, sell out).
 */
export function* generateFeed(options: GeneratedFeedOptions): Generator<string> {
  const names = NAMES[options.vocabulary];
  let pending = `<?xml version="1.0" encoding="UTF-8"?>\n<${names.root} version="1.0">\n   <output>\n`;
  for (let base = 0; base < options.baseEvents; base++) {
    pending += baseEvent(options, names, base);
    if (pending.length >= CHUNK_CHARS) {
      yield pending;
      pending = '';
    }
  }
  yield `${pending}   </output>\n</${names.root}>\n`;
}

function baseEvent(options: GeneratedFeedOptions, names: (typeof NAMES)[FeedVocabulary], base: number): string {
  const stable = seededRandom(options.seed, base);
  const churn = seededRandom(options.seed, base, options.call, 1);
  let events = '';
  for (let event = 0; event < options.eventsPerBase; event++) events += eventOf(options, names, base, event);
  if (!events) return '';

  const artist = pick(stable, ARTISTS);
  const title = stable() < TRAP_TITLE_RATE ? pick(stable, TRAP_TITLES).replace('%s', artist) : `${artist} ${pick(stable, SHOWS)}`;
  const online = stable() >= OFFLINE_RATE;
  const organizer = stable() < ORGANIZER_RATE ? ` organizer_company_id="${between(stable, 1, 40)}"` : '';
  const sellMode = online !== churn() < SELL_MODE_FLIP_RATE ? 'online' : 'offline';
  return (
    `      <${names.base} ${names.baseId}="${100 + base}" sell_mode="${sellMode}"${organizer} title="${escapeXml(title)}">\n` +
    `${events}      </${names.base}>\n`
  );
}

function eventOf(options: GeneratedFeedOptions, names: (typeof NAMES)[FeedVocabulary], base: number, event: number): string {
  const stable = seededRandom(options.seed, base, event);
  const churn = seededRandom(options.seed, base, event, options.call);
  const debut = stable() < DEBUT_RATE ? between(stable, 1, 3) : 0;
  if (options.call < debut || churn() < VANISH_RATE) return '';

  const startsAt = EPOCH + between(stable, 0, 729) * DAY + between(stable, 34, 44) * 30 * MINUTE;
  const endsAt = startsAt + between(stable, 2, 6) * 30 * MINUTE;
  const sellFrom = startsAt - between(stable, 30, 180) * DAY - (startsAt % DAY);
  const impossible = stable() < IMPOSSIBLE_DATE_RATE;
  const start = impossible ? `${wallClock(startsAt).slice(0, 4)}-09-31T20:00:00` : wallClock(startsAt);
  const end = impossible ? `${start.slice(0, 10)}T22:00:00` : wallClock(endsAt);
  const duplicateZone = stable() < DUPLICATE_ZONE_RATE;
  const repriced = churn() < PRICE_CHANGE_RATE;
  const soldOut = churn() < SOLD_OUT_RATE;

  let zones = '';
  let previousZoneId = 0;
  for (let zone = 0; zone < options.zonesPerEvent; zone++) {
    const zoneId = duplicateZone && zone === 1 ? previousZoneId : 10 * (zone + 1) + between(stable, 0, 9);
    const capacity = between(stable, 0, 500);
    let cents = between(stable, 10, 300) * 50;
    if (repriced) cents = Math.max(0, cents + between(churn, -4, 4) * 50);
    const remaining = soldOut ? 0 : Math.max(0, capacity - between(churn, 0, 20) * options.call);
    zones +=
      `            <zone zone_id="${zoneId}" capacity="${remaining}" price="${(cents / 100).toFixed(2)}" ` +
      `name="${pick(stable, ZONES)} ${zone + 1}" numbered="${stable() < 0.5}" />\n`;
    previousZoneId = zoneId;
  }
  // Event ids repeat under other base events, as 1642 does in the real feed: identity is per base event.
  const eventId = 1 + event + (base % 50) * options.eventsPerBase;
  return (
    `         <${names.event} ${names.startsAt}="${start}" ${names.endsAt}="${end}" ${names.eventId}="${eventId}" ` +
    `sell_from="${wallClock(sellFrom)}" sell_to="${wallClock(startsAt - 10 * MINUTE)}" sold_out="${soldOut}">\n` +
    `${zones}         </${names.event}>\n`
  );
}

/** `YYYY-MM-DDTHH:MM:SS` without offset, as the provider writes dates. */
function wallClock(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]);
}
