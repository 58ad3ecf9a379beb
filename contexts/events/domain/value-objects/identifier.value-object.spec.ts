import { EmptyIdentifier } from '../errors/empty-identifier.error';
import { requireIdentifier } from './identifier.value-object';

describe('requireIdentifier', () => {
  it.each([
    ['291', '291'],
    [' 1642 ', '1642'],
    ['0', '0'],
    ['a:b', 'a:b'],
  ])('keeps %p as the opaque text %p', (raw, expected) => {
    expect(requireIdentifier('event id', raw)).toBe(expected);
  });

  it.each([[''], ['   '], ['\t\n'], [undefined], [null]])('rejects %p', (raw) => {
    expect(() => requireIdentifier('event id', raw)).toThrow(EmptyIdentifier);
  });

  it('names the missing field', () => {
    expect(() => requireIdentifier('base event id', '')).toThrow('base event id is missing or empty');
  });
});
