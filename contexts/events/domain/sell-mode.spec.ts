import { InvalidEventField } from './errors/invalid-event-field.error';
import { parseSellMode } from './sell-mode';

describe('parseSellMode', () => {
  it.each([
    ['online', 'online'],
    ['offline', 'offline'],
    ['ONLINE', 'online'],
    [' Offline ', 'offline'],
  ])('reads %p as %p', (raw, mode) => {
    expect(parseSellMode(raw)).toBe(mode);
  });

  it.each([[''], ['   '], ['on line'], ['both'], ['onlinex'], [undefined]])('rejects %p', (raw) => {
    expect(() => parseSellMode(raw)).toThrow(InvalidEventField);
  });

  it('says which modes exist', () => {
    expect(() => parseSellMode('box-office')).toThrow('sell mode must be one of online, offline, got "box-office"');
  });
});
