import { InvalidEventField } from './errors/invalid-event-field.error';

export const SELL_MODES = ['online', 'offline'] as const;
export type SellMode = (typeof SELL_MODES)[number];

export function parseSellMode(raw: string | undefined): SellMode {
  const value = raw?.trim().toLowerCase();
  if (!SELL_MODES.includes(value as SellMode)) {
    throw new InvalidEventField('sell mode', `must be one of ${SELL_MODES.join(', ')}, got "${raw ?? ''}"`);
  }
  return value as SellMode;
}
