import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { ProviderItem } from '@contexts/events/domain/provider-item';
import { TicketedEvent } from '@contexts/events/domain/ticketed-event.aggregate';
import { EventMother } from '@contexts/events/testing/event.mother';
import { FeedFormat } from './feed-format';
import { HttpFeedEventsProvider } from './http-feed-events.provider';
import { ProviderCircuitOpenError } from './provider-circuit-open.error';
import { ProviderFeedError } from './provider-feed.error';
import { ProviderRequestError } from './provider-request.error';

/** A made-up format, one `base|event|title` line per event and END last: all a new format has to bring. */
const LINES_FORMAT: FeedFormat = {
  name: 'lines',
  media: { description: 'plain text', accept: 'text/plain', contentType: /^text\/plain\b/i },
  async *translate(body, context) {
    let text = '';
    for await (const piece of body) text += piece.toString();
    const lines = text.split('\n').filter((line) => line.length > 0);
    if (lines.pop() !== 'END') throw new ProviderFeedError('no END line: the feed is truncated');
    for (const line of lines) {
      const [baseEventId, eventId, title] = line.split('|');
      const snapshot = EventMother.snapshot({ provider: context.provider, baseEventId, eventId, title });
      yield { kind: 'event', event: TicketedEvent.create(snapshot, context.seenAt) };
    }
  },
};

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

describe('HttpFeedEventsProvider with a format other than XML', () => {
  let server: Server;
  let feedUrl: string;
  let answers: Answer[];
  let received: IncomingHttpHeaders[];

  beforeEach(async () => {
    answers = [];
    received = [];
    server = createServer((request, response) => {
      received.push(request.headers);
      const answer = answers.shift() ?? { status: 500, contentType: 'text/plain', body: 'no answer scripted' };
      response.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feeds/lines.txt`;
  });

  afterEach(() => new Promise((resolve) => server.close(resolve)));

  const provider = (breakerThreshold = 5) =>
    new HttpFeedEventsProvider({
      name: 'liner',
      feedUrl,
      format: LINES_FORMAT,
      timeoutMs: 2000,
      resilience: { retries: 2, initialDelayMs: 5, maxDelayMs: 20, breakerThreshold, breakerCooldownMs: 60_000 },
    });

  async function readAll(source: HttpFeedEventsProvider): Promise<ProviderItem[]> {
    const items: ProviderItem[] = [];
    for await (const item of source.read(new Date('2026-01-01T00:00:00Z'))) items.push(item);
    return items;
  }

  const lines = (body: string): Answer => ({ status: 200, contentType: 'text/plain; charset=utf-8', body });

  it('reads its events through the same retries, asking for its media', async () => {
    answers.push({ status: 503, contentType: 'text/plain', body: '' }, lines('7|70|Opera\n8|80|Zarzuela\nEND\n'));

    const items = await readAll(provider());

    expect(items.map((item) => (item.kind === 'event' ? [item.event.identity.provider, item.event.identity.eventId, item.event.title] : item))).toEqual([
      ['liner', '70', 'Opera'],
      ['liner', '80', 'Zarzuela'],
    ]);
    expect(received.map((headers) => headers.accept)).toEqual(['text/plain', 'text/plain']);
  });

  it('refuses a body served as another media, naming the one it expected', async () => {
    answers.push({ status: 200, contentType: 'application/xml', body: '<eventList/>' });

    const failure = readAll(provider());

    await expect(failure).rejects.toThrow(ProviderRequestError);
    await expect(failure).rejects.toThrow(/answered HTTP 200 with application\/xml instead of plain text/);
  });

  it('counts a body its translator cannot read against the provider', async () => {
    answers.push(lines('7|70|Opera\n'), lines('7|70|Opera\nEND\n'));
    const source = provider(1);

    await expect(readAll(source)).rejects.toThrow(ProviderFeedError);
    await expect(readAll(source)).rejects.toThrow(ProviderCircuitOpenError);
    expect(received).toHaveLength(1);
  });
});
