import { hash } from 'node:crypto';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';

/**
 * A fingerprint of what the provider published about an event (not our sighting bookkeeping):
 * equal hashes mean nothing worth rewriting. `zonesJson` is the zones column's text, serialized
 * once for both the hash and the row. The head is a JSON array, so where it ends is unambiguous.
 */
export function eventValuesHash(event: TicketedEvent, zonesJson: string): string {
  const head = JSON.stringify([
    event.title,
    event.schedule.start.value,
    event.schedule.end.value,
    event.sellWindow?.start.value ?? null,
    event.sellWindow?.end.value ?? null,
    event.soldOut,
    event.sellMode,
  ]);
  return hash('sha256', head + zonesJson, 'base64');
}
