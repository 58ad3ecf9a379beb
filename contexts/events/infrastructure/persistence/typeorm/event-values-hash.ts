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
    // Zone primitives are built with their keys in one fixed order, so they serialize stably as they are.
    event.zones,
  ];
  return hash('sha256', JSON.stringify(values), 'hex');
}
