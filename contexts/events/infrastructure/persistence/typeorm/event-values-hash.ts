import { hash } from 'node:crypto';
import { EventPrimitives } from '@contexts/events/domain/ticketed-event.aggregate';

/**
 * What the provider published about an event (not our sighting bookkeeping), as JSON. Keys go in
 * one fixed order, so the same values always give the same text; the upsert sends this very text
 * as part of the row, so each event's values are serialized once.
 */
export function eventValuesJson(event: EventPrimitives): string {
  return JSON.stringify({
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    sellFrom: event.sellFrom,
    sellTo: event.sellTo,
    soldOut: event.soldOut,
    sellMode: event.sellMode,
    // Zone primitives are built with their keys in one fixed order, so they serialize stably as they are.
    zones: event.zones,
  });
}

/** A fingerprint of the published values: equal hashes mean nothing worth rewriting. */
export function eventValuesHash(valuesJson: string): string {
  return hash('sha256', valuesJson, 'hex');
}
