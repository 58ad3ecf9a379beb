import { strongEtag } from './conditional-get';
import { RenderedJsonCache } from './rendered-json';

describe('RenderedJsonCache', () => {
  it('renders a result once, with the ETag of its body', () => {
    const cache = new RenderedJsonCache<{ events: string[] }>();
    const result = { events: ['a'] };
    const render = jest.fn((found: { events: string[] }) => JSON.stringify({ data: found.events }));

    const first = cache.for(result, render);
    const again = cache.for(result, render);

    expect(first.body.toString()).toBe('{"data":["a"]}');
    expect(first.etag).toBe(strongEtag('{"data":["a"]}'));
    expect(again).toBe(first);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('renders another result object anew, even one with equal contents', () => {
    const cache = new RenderedJsonCache<{ events: string[] }>();
    const render = jest.fn((found: { events: string[] }) => JSON.stringify(found.events));

    cache.for({ events: ['a'] }, render);
    cache.for({ events: ['a'] }, render);

    expect(render).toHaveBeenCalledTimes(2);
  });
});
