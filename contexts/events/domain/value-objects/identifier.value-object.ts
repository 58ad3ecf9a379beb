import { EmptyIdentifier } from '../errors/empty-identifier.error';

/** A provider-side identifier: any non-empty text, trimmed (ids are opaque, not numbers). */
export function requireIdentifier(field: string, raw: string | undefined | null): string {
  const value = raw?.trim();
  if (!value) throw new EmptyIdentifier(field);
  return value;
}
