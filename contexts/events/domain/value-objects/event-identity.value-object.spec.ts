import { EmptyIdentifier } from '../errors/empty-identifier.error';
import { EventIdentity } from './event-identity.value-object';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('EventIdentity', () => {
  it('is a UUID v5', () => {
    expect(EventIdentity.of('default', '291', '291').id).toMatch(UUID_V5);
  });

  it('gives the same triple the same id on every call', () => {
    const first = EventIdentity.of('default', '322', '1642');
    const second = EventIdentity.of('default', '322', '1642');
    expect(second.id).toBe(first.id);
  });

  it('keeps the public id stable across releases', () => {
    // Pinned: a change here would change every id already handed out to clients.
    expect(EventIdentity.of('default', '291', '291').id).toBe('ac596c62-3e5b-539b-91c0-1ad2b6880df5');
  });

  it('trims the parts, so padding does not make another event', () => {
    const padded = EventIdentity.of(' default ', ' 322 ', ' 1642 ');
    expect(padded.id).toBe(EventIdentity.of('default', '322', '1642').id);
    expect([padded.provider, padded.baseEventId, padded.eventId]).toEqual(['default', '322', '1642']);
  });

  it('tells apart the same event id under different base events', () => {
    const ids = ['322', '1591', '444'].map((base) => EventIdentity.of('default', base, '1642').id);
    expect(new Set(ids).size).toBe(3);
  });

  it('tells apart the same ids from different providers', () => {
    expect(EventIdentity.of('default', '291', '291').id).not.toBe(EventIdentity.of('other', '291', '291').id);
  });

  it('does not confuse a base id with an event id', () => {
    expect(EventIdentity.of('default', '1', '2').id).not.toBe(EventIdentity.of('default', '2', '1').id);
  });

  it.each([
    [['default', 'a', 'b:c'], ['default', 'a:b', 'c']],
    [['p', 'a', 'b|c'], ['p', 'a|b', 'c']],
    [['p', 'a', 'b/c'], ['p', 'a/b', 'c']],
    [['p:a', 'b', 'c'], ['p', 'a:b', 'c']],
    [['p', 'a","b', 'c'], ['p', 'a', 'b","c']],
    [['p', 'a', 'b c'], ['p', 'a b', 'c']],
  ])('cannot collide through separators: %p vs %p', (left, right) => {
    const [a, b] = [left, right].map(([provider, base, event]) => EventIdentity.of(provider, base, event).id);
    expect(a).not.toBe(b);
  });

  it.each([
    ['', '291', '291', 'provider'],
    ['default', '', '291', 'base event id'],
    ['default', '291', '', 'event id'],
    ['default', '   ', '291', 'base event id'],
    ['default', '291', '\t', 'event id'],
  ])('rejects an empty part (%p, %p, %p)', (provider, base, event, field) => {
    expect(() => EventIdentity.of(provider, base, event)).toThrow(EmptyIdentifier);
    expect(() => EventIdentity.of(provider, base, event)).toThrow(`${field} is missing or empty`);
  });
});
