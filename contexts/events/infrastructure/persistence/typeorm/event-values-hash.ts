import { hash } from 'node:crypto';
import { EventPrimitives } from '@contexts/events/domain/event.aggregate';

/**
 * A fingerprint of what the provider published about an event (not our sighting bookkeeping):
 * equal hashes mean nothing worth rewriting. Values go in a fixed order, in an array, so the text
 * hashed is the same whatever order the properties were built in.
 */
export function eventValuesHash(event: EventPrimitives): string {
  const values = [
    event.title,
    event.startsAt,
    event.endsAt,
    event.sellFrom,
    event.sellTo,
    event.soldOut,
    event.sellMode,
    event.zones.map((zone) => [zone.zoneId, zone.name, zone.capacity, zone.price, zone.numbered]),
  ];
  return hash('sha256', JSON.stringify(values), 'hex');
}
