import { CachedResponse } from '../../infrastructure/cache/cached-search-responses';
import { HotResponses } from './hot-responses';

const URL = '/search?starts_at=2021-06-30';

function ok(body: string): CachedResponse {
  return { status: 200, etag: `"${body}"`, body };
}

describe('HotResponses', () => {
  it('replays a 200 for the same version and URL, its body encoded once', () => {
    const responses = new HotResponses({ ttlSeconds: 60 });

    responses.remember(7, URL, ok('{"data":"ñ"}'));

    expect(responses.get(7, URL)).toEqual({ status: 200, etag: '"{"data":"ñ"}"', body: Buffer.from('{"data":"ñ"}') });
  });

  it('keeps each version apart, so a sync makes older entries unreachable', () => {
    const responses = new HotResponses({ ttlSeconds: 60 });

    responses.remember(7, URL, ok('old'));

    expect(responses.get(8, URL)).toBeUndefined();
  });

  it('keeps URLs apart, however close they are', () => {
    const responses = new HotResponses({ ttlSeconds: 60 });

    responses.remember(7, URL, ok('one'));
    responses.remember(7, `${URL}&ends_at=2021-06-30`, ok('two'));

    expect(responses.get(7, URL)?.body.toString()).toBe('one');
    expect(responses.get(7, `${URL}&ends_at=2021-06-30`)?.body.toString()).toBe('two');
    expect(responses.get(7, '/search?starts_at=2021-06-30T00:00:00')).toBeUndefined();
  });

  it('does not keep anything but a 200', () => {
    const responses = new HotResponses({ ttlSeconds: 60 });

    responses.remember(7, URL, { ...ok('none'), status: 404 });

    expect(responses.get(7, URL)).toBeUndefined();
  });

  it('forgets an entry once the TTL has passed', () => {
    let now = 1_000;
    const responses = new HotResponses({ ttlSeconds: 60, now: () => now });
    responses.remember(7, URL, ok('body'));

    now += 59_999;
    expect(responses.get(7, URL)).toBeDefined();
    now += 2;
    expect(responses.get(7, URL)).toBeUndefined();
  });

  it('drops the least recently used entry beyond the entry limit', () => {
    const responses = new HotResponses({ ttlSeconds: 60, maxEntries: 2 });
    responses.remember(7, '/search?a', ok('a'));
    responses.remember(7, '/search?b', ok('b'));
    responses.get(7, '/search?a');

    responses.remember(7, '/search?c', ok('c'));

    expect([responses.get(7, '/search?a'), responses.get(7, '/search?b'), responses.get(7, '/search?c')].map((hit) => hit?.body.toString())).toEqual([
      'a',
      undefined,
      'c',
    ]);
  });

  it('keeps the bodies within the byte budget, and not one larger than all of it', () => {
    const responses = new HotResponses({ ttlSeconds: 60, maxBytes: 10 });
    responses.remember(7, '/search?a', ok('aaaaa'));
    responses.remember(7, '/search?b', ok('bbbbb'));
    responses.remember(7, '/search?c', ok('ccccc'));
    responses.remember(7, '/search?huge', ok('x'.repeat(11)));

    expect(responses.get(7, '/search?a')).toBeUndefined();
    expect(responses.get(7, '/search?b')).toBeDefined();
    expect(responses.get(7, '/search?c')).toBeDefined();
    expect(responses.get(7, '/search?huge')).toBeUndefined();
  });

  it('is switched off, remembering nothing, when the TTL is 0', () => {
    const responses = new HotResponses({ ttlSeconds: 0 });

    responses.remember(7, URL, ok('body'));

    expect(responses.enabled).toBe(false);
    expect(responses.get(7, URL)).toBeUndefined();
  });
});
