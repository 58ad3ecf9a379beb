import { ProviderItem } from '@contexts/events/domain/provider-item';
import { RecordingProviderCallObserver } from '@contexts/events/testing/recording-provider-call.observer';
import { ProviderSimOptions } from '@shared/provider-sim/provider-sim.options';
import { RunningProviderSim, startProviderSim } from '@shared/provider-sim/provider-sim.server';
import { HttpFeedEventsProvider, HttpFeedEventsProviderOptions } from './http-feed-events.provider';
import { ProviderCircuitOpenError } from './provider-circuit-open.error';
import { ProviderFeedError } from './provider-feed.error';
import { ProviderRequestError } from './provider-request.error';

const SEEN_AT = new Date('2021-02-01T10:00:00Z');
// Fast enough for a test run; the shapes (retries, breaker) are the production ones.
const QUICK = { retries: 2, initialDelayMs: 5, maxDelayMs: 20, breakerThreshold: 3, breakerCooldownMs: 60_000 };

describe('HttpFeedEventsProvider against the provider simulator', () => {
  let sim: RunningProviderSim;
  let requests: string[];
  let observer: RecordingProviderCallObserver;

  async function startSim(options: Partial<ProviderSimOptions> = {}): Promise<void> {
    requests = [];
    observer = new RecordingProviderCallObserver();
    sim = await startProviderSim({ port: 0, host: '127.0.0.1', ...options }, (line) => requests.push(line));
  }

  function provider(options: Partial<HttpFeedEventsProviderOptions> = {}): HttpFeedEventsProvider {
    return new HttpFeedEventsProvider({
      name: 'sim',
      feedUrl: `${sim.url}/api/events`,
      timeoutMs: 2000,
      observer,
      ...options,
      resilience: { ...QUICK, ...options.resilience },
    });
  }

  async function readAll(source: HttpFeedEventsProvider, signal?: AbortSignal): Promise<ProviderItem[]> {
    const items: ProviderItem[] = [];
    for await (const item of source.read(SEEN_AT, signal)) items.push(item);
    return items;
  }

  const schedule = (query: string) => fetch(`${sim.url}/faults?${query}`, { method: 'POST' });
  const summary = (items: ProviderItem[]) =>
    items.map((item) => (item.kind === 'event' ? `${item.event.identity.baseEventId}/${item.event.identity.eventId}` : 'rejected'));

  afterEach(() => sim.close());

  describe('reading the recorded samples', () => {
    beforeEach(() => startSim());

    it('streams response 1, 2 and 3 on consecutive reads', async () => {
      const source = provider();

      expect(summary(await readAll(source))).toEqual(['291/291', '322/1642', '1591/1642']);
      expect(summary(await readAll(source))).toEqual(['291/291', '1591/1642', 'rejected']);
      expect(summary(await readAll(source))).toEqual(['291/291', '1591/1642', 'rejected']);
    });

    it('names the provider on every event it reads', async () => {
      const [first] = await readAll(provider({ name: 'acme' }));

      expect(first).toMatchObject({ kind: 'event', event: { identity: { provider: 'acme' } } });
    });

    it('retries a 503 and reads the feed the failed calls would have had', async () => {
      await schedule('fault=503&count=2');

      expect(summary(await readAll(provider()))).toEqual(['291/291', '322/1642', '1591/1642']);
      expect(requests).toEqual(['GET /api/events → 503', 'GET /api/events → 503', 'GET /api/events → none']);
    });

    it('retries a call that gets no answer in time', async () => {
      await schedule('fault=delay&count=1&delay_ms=1000');

      const items = await readAll(provider({ timeoutMs: 200 }));

      expect(items).toHaveLength(3);
      expect(requests).toHaveLength(2);
    });

    it('gives up on a provider that never answers, naming PROVIDER_TIMEOUT_MS', async () => {
      await schedule('fault=delay&count=10&delay_ms=5000');

      const failure = readAll(provider({ timeoutMs: 200 }));

      await expect(failure).rejects.toThrow(/did not answer within 200 ms \(PROVIDER_TIMEOUT_MS\) \(gave up after 3 attempts\)$/);
    });

    it('does not retry a client error and names its status', async () => {
      const source = provider({ feedUrl: `${sim.url}/nowhere` });

      const failure = readAll(source);

      await expect(failure).rejects.toThrow(ProviderRequestError);
      await expect(failure).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/answered HTTP 404$/) });
      expect(requests).toHaveLength(0);
    });

    it("quotes its URL in errors without the URL's password", async () => {
      await schedule('fault=html');
      const failure = readAll(provider({ feedUrl: `${sim.url.replace('http://', 'http://feed:s3cret-pw@')}/api/events` }));

      await expect(failure).rejects.toThrow(/^http:\/\/feed:\*\*\*@127\.0\.0\.1:\d+\/api\/events answered HTTP 200 with text\/html/);
      await expect(failure).rejects.not.toThrow(/s3cret-pw/);
    });

    it('refuses an HTML page served with a 200, without retrying', async () => {
      await schedule('fault=html');

      const failure = readAll(provider());

      await expect(failure).rejects.toThrow(ProviderRequestError);
      await expect(failure).rejects.toThrow(/HTTP 200 with text\/html; charset=utf-8 instead of XML/);
      expect(requests).toHaveLength(1);
    });

    it.each([
      ['malformed', ProviderFeedError, /malformed XML/],
      ['truncate', ProviderRequestError, /broke off while sending the feed/],
    ])('fails a %s body with a typed error, without retrying once items may have flowed', async (fault, type, message) => {
      await schedule(`fault=${fault}`);

      const failure = readAll(provider());

      await expect(failure).rejects.toThrow(type);
      await expect(failure).rejects.toThrow(message);
      expect(requests).toHaveLength(1);
    });

    it('reads a body that keeps coming for longer than the timeout, piece by piece', async () => {
      // ~28 pieces 50 ms apart: ~1.4 s in all, against a timeout that leaves a loaded machine room between two pieces.
      await schedule('fault=drip&delay_ms=50');

      const items = await readAll(provider({ timeoutMs: 1_000 }));

      expect(summary(items)).toEqual(['291/291', '322/1642', '1591/1642']);
      expect(requests).toEqual(['GET /api/events → drip (50 ms)']);
    });

    it('gives up on a body that falls silent for longer than the timeout, naming PROVIDER_TIMEOUT_MS', async () => {
      await schedule('fault=drip&delay_ms=5000');

      const failure = readAll(provider({ timeoutMs: 300 }));

      await expect(failure).rejects.toThrow(ProviderRequestError);
      await expect(failure).rejects.toThrow(/sent nothing for 300 ms in the middle of the feed \(PROVIDER_TIMEOUT_MS\)$/);
      expect(requests).toHaveLength(1);
    });

    it('gives up on a download longer than its cap, naming PROVIDER_MAX_DURATION_MS', async () => {
      await schedule('fault=drip&delay_ms=20');

      const failure = readAll(provider({ timeoutMs: 300, maxDurationMs: 200 }));

      await expect(failure).rejects.toThrow(/did not send the whole feed within 200 ms \(PROVIDER_MAX_DURATION_MS\)$/);
      expect(requests).toHaveLength(1);
    });

    it('does not count the time the caller spends on each item against the provider', async () => {
      const items: ProviderItem[] = [];
      for await (const item of provider({ timeoutMs: 100 }).read(SEEN_AT)) {
        items.push(item);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }

      expect(items).toHaveLength(3);
    });

    it('stops reading when the caller cancels, with the caller\'s reason', async () => {
      await schedule('fault=drip&delay_ms=50');
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('shutting down')), 100);

      await expect(readAll(provider(), controller.signal)).rejects.toThrow('shutting down');
    });

    it('does not start a read the caller has already cancelled', async () => {
      const cancelled = AbortSignal.abort(new Error('shutting down'));

      await expect(readAll(provider(), cancelled)).rejects.toThrow('shutting down');
    });

    it('lets the caller stop early and read again at once', async () => {
      const source = provider();
      for await (const item of source.read(SEEN_AT)) {
        expect(item.kind).toBe('event');
        break;
      }

      expect(summary(await readAll(source))).toEqual(['291/291', '1591/1642', 'rejected']);
    });
  });

  describe('when the provider keeps failing', () => {
    it('fails with the last status once retries are spent, then opens the circuit and fails fast', async () => {
      await startSim({ fault: '503' });
      const source = provider({ resilience: { breakerThreshold: 2 } });

      const first = readAll(source);
      await expect(first).rejects.toThrow(ProviderRequestError);
      await expect(first).rejects.toMatchObject({
        status: 503,
        message: expect.stringMatching(/answered HTTP 503 \(gave up after 3 attempts\)$/),
      });
      await expect(readAll(source)).rejects.toThrow(ProviderRequestError);
      expect(requests).toHaveLength(6);

      const refused = readAll(source);
      await expect(refused).rejects.toThrow(ProviderCircuitOpenError);
      await expect(refused).rejects.toThrow(/Provider "sim" keeps failing.*Last failure: .*HTTP 503/);
      expect(requests).toHaveLength(6);
    });

    it('counts failures while reading the body too', async () => {
      await startSim({ fault: 'malformed' });
      const source = provider({ resilience: { breakerThreshold: 2 } });

      await expect(readAll(source)).rejects.toThrow(ProviderFeedError);
      await expect(readAll(source)).rejects.toThrow(ProviderFeedError);

      await expect(readAll(source)).rejects.toThrow(ProviderCircuitOpenError);
      expect(requests).toHaveLength(2);
    });

    it('lets one probe through after the cool-down and closes the circuit when it succeeds', async () => {
      await startSim();
      await schedule('fault=503&count=3');
      const source = provider({ resilience: { retries: 0, breakerThreshold: 3, breakerCooldownMs: 200 } });
      for (let read = 0; read < 3; read++) await expect(readAll(source)).rejects.toThrow(ProviderRequestError);
      await expect(readAll(source)).rejects.toThrow(ProviderCircuitOpenError);

      await new Promise((resolve) => setTimeout(resolve, 250));

      expect(await readAll(source)).toHaveLength(3);
      expect(await readAll(source)).toHaveLength(3);
    });

    it('retries when the provider cannot be reached at all', async () => {
      await startSim();
      const url = sim.url;
      await sim.close();
      const source = new HttpFeedEventsProvider({ name: 'sim', feedUrl: `${url}/api/events`, timeoutMs: 500, resilience: QUICK });

      await expect(readAll(source)).rejects.toThrow(/could not be reached: .*ECONNREFUSED.*\(gave up after 3 attempts\)/);
      await startSim();
    });
  });

  describe('telling its observer', () => {
    const circuitStates = () => observer.circuit.map((change) => change.open);

    it('times every call, retried ones included, and counts each failed one by reason', async () => {
      await startSim();
      await schedule('fault=503&count=2');

      await readAll(provider());

      expect(observer.calls.map((call) => call.provider)).toEqual(['sim', 'sim', 'sim']);
      expect(observer.calls.every((call) => call.seconds > 0)).toBe(true);
      expect(observer.failures).toEqual([
        { provider: 'sim', reason: 'http_status' },
        { provider: 'sim', reason: 'http_status' },
      ]);
    });

    it.each([
      ['html', 'wrong_content_type'],
      ['malformed', 'malformed'],
      ['truncate', 'broken_off'],
      ['drip', 'timeout'],
    ])('names a %s failure %s', async (fault, reason) => {
      await startSim({ delayMs: 50 });
      await schedule(`fault=${fault}`);

      await expect(readAll(provider({ timeoutMs: 300, maxDurationMs: 1_000 }))).rejects.toThrow();

      expect(observer.reasons()).toEqual([reason]);
    });

    it('names a call that got no answer in time, and one that reached nobody', async () => {
      await startSim({ fault: 'delay', delayMs: 1_000 });
      await expect(readAll(provider({ timeoutMs: 100, resilience: { retries: 0 } }))).rejects.toThrow();
      const url = sim.url;
      await sim.close();
      await expect(readAll(provider({ feedUrl: `${url}/api/events`, resilience: { retries: 0 } }))).rejects.toThrow();

      expect(observer.reasons()).toEqual(['timeout', 'unreachable']);
      await startSim(); // afterEach closes it
    });

    it('does not count a read the caller cancelled', async () => {
      await startSim();
      await schedule('fault=drip&delay_ms=50');
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('shutting down')), 100);

      await expect(readAll(provider(), controller.signal)).rejects.toThrow('shutting down');

      expect(observer.failures).toEqual([]);
      expect(observer.calls).toHaveLength(1);
    });

    it('reports the circuit closed from the start, open when it trips, closed again after a good probe', async () => {
      await startSim();
      await schedule('fault=503&count=2');
      const source = provider({ resilience: { retries: 0, breakerThreshold: 2, breakerCooldownMs: 200 } });
      expect(circuitStates()).toEqual([false]);

      for (let read = 0; read < 2; read++) await expect(readAll(source)).rejects.toThrow(ProviderRequestError);
      expect(circuitStates()).toEqual([false, true]);
      await expect(readAll(source)).rejects.toThrow(ProviderCircuitOpenError);
      expect(observer.reasons()).toEqual(['http_status', 'http_status', 'circuit_open']);

      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await readAll(source)).toHaveLength(3);

      expect(circuitStates()[circuitStates().length - 1]).toBe(false);
    });
  });

  describe('reading a generated feed', () => {
    beforeEach(() => startSim({ mode: 'generated', baseEvents: 100, eventsPerBase: 5, zonesPerEvent: 4 }));

    it('reads both vocabularies into the same events', async () => {
      const source = provider();

      const eventList = await readAll(source);
      const planList = await readAll(source);

      expect(eventList.length).toBeGreaterThan(400);
      expect(planList.length).toBeGreaterThan(400);
      const common = summary(eventList).filter((id) => id !== 'rejected' && summary(planList).includes(id));
      expect(common.length).toBeGreaterThan(eventList.length * 0.9);
    });
  });
});
