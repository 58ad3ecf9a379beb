import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProviderSimOptions } from './provider-sim.options';
import { RunningProviderSim, startProviderSim } from './provider-sim.server';

const sample = (number: number) => readFileSync(join(__dirname, 'samples', `response_${number}.xml`), 'utf8');

describe('provider simulator over HTTP', () => {
  let sim: RunningProviderSim;

  async function start(options: Partial<ProviderSimOptions> = {}): Promise<void> {
    sim = await startProviderSim({ port: 0, host: '127.0.0.1', ...options });
  }

  const feed = (query = '') => fetch(`${sim.url}/api/events${query}`);

  afterEach(() => sim.close());

  describe('in samples mode', () => {
    beforeEach(() => start());

    it('answers its health check', async () => {
      const response = await fetch(`${sim.url}/health`);

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok', mode: 'samples', feedsServed: 0 });
    });

    it('serves response 1, 2 and 3 in turn, then keeps serving response 3', async () => {
      const bodies: string[] = [];
      for (let call = 0; call < 5; call++) {
        const response = await feed();
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/xml; charset=utf-8');
        bodies.push(await response.text());
      }

      expect(bodies).toEqual([sample(1), sample(2), sample(3), sample(3), sample(3)]);
    });

    it('replays from response 1 after a reset', async () => {
      await (await feed()).text();
      await (await feed()).text();

      const reset = await fetch(`${sim.url}/reset`, { method: 'POST' });

      expect(reset.status).toBe(204);
      expect(await (await feed()).text()).toBe(sample(1));
    });

    it('answers 503 with an empty body without using up a sample', async () => {
      const unavailable = await feed('?fault=503');

      expect(unavailable.status).toBe(503);
      expect(await unavailable.text()).toBe('');
      expect(await (await feed()).text()).toBe(sample(1));
    });

    it('fails the next calls scheduled through POST /faults', async () => {
      await fetch(`${sim.url}/faults?fault=503&count=2`, { method: 'POST' });

      expect((await feed()).status).toBe(503);
      expect((await feed()).status).toBe(503);
      expect(await (await feed()).text()).toBe(sample(1));
    });

    it('serves an HTML page instead of XML', async () => {
      const response = await feed('?fault=html');

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toMatch(/^<!DOCTYPE html>/);
    });

    it('serves malformed XML: an element left open', async () => {
      const body = await (await feed('?fault=malformed')).text();

      expect(body).not.toBe(sample(1));
      expect(body).toBe(sample(1).replace(' />', '>'));
    });

    it('drops the connection in the middle of the document', async () => {
      const response = await feed('?fault=truncate');

      expect(response.status).toBe(200);
      await expect(response.text()).rejects.toThrow();
    });

    it('waits before sending the headers', async () => {
      const started = Date.now();

      const response = await feed('?fault=delay&delay_ms=300');

      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(await response.text()).toBe(sample(1));
    });

    it('sends the headers at once, then drips the body', async () => {
      const started = Date.now();
      const response = await feed('?fault=drip&delay_ms=20');
      const headersAfter = Date.now() - started;

      const body = await response.text();
      const bodyAfter = Date.now() - started;

      // 1,737 bytes in 64-byte drops, 20 ms apart; the headers came before most of the drip.
      expect(bodyAfter).toBeGreaterThanOrEqual(27 * 20);
      expect(headersAfter).toBeLessThan(bodyAfter - headersAfter);
      expect(body).toBe(sample(1));
    });

    it('stops promptly while a response is still dripping', async () => {
      const response = await feed('?fault=drip&delay_ms=600000');
      const reading = response.text();

      await sim.close();

      // The next drop is ten minutes away: only closing the connection can end the read.
      await expect(reading).rejects.toThrow();
      await start();
    });

    it.each([
      ['?fault=500', /fault must be one of/],
      ['?fault=delay&delay_ms=soon', /delay_ms must be a whole number/],
    ])('refuses %s with a 400 naming the parameter', async (query, message) => {
      const response = await feed(query);

      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(message);
    });

    it('answers 404 elsewhere', async () => {
      expect((await fetch(`${sim.url}/api/other`)).status).toBe(404);
    });
  });

  it('fails the configured share of calls, the same way for the same seed', async () => {
    const statuses = async () => {
      await start({ fault: '503', faultRate: 0.36, seed: 3 });
      const seen: number[] = [];
      for (let call = 0; call < 50; call++) {
        const response = await feed();
        await response.text();
        seen.push(response.status);
      }
      await sim.close();
      return seen;
    };

    const first = await statuses();
    const second = await statuses();

    expect(second).toEqual(first);
    const unavailable = first.filter((status) => status === 503).length;
    expect(unavailable).toBeGreaterThan(8);
    expect(unavailable).toBeLessThan(28);
    await start();
  });

  describe('in generated mode', () => {
    const generated: Partial<ProviderSimOptions> = { mode: 'generated', baseEvents: 30, eventsPerBase: 4, zonesPerEvent: 3 };

    it('streams a generated feed, alternating vocabularies and changing between calls', async () => {
      await start(generated);

      const first = await (await feed()).text();
      const second = await (await feed()).text();

      expect(first).toMatch(/^<\?xml[^>]*>\s*<eventList[\s\S]*<\/eventList>\n$/);
      expect(second).toMatch(/<planList[\s\S]*<\/planList>\n$/);
      expect((first.match(/<zone /g) ?? []).length).toBeGreaterThan(300);
    });

    it('serves the same feeds for the same seed', async () => {
      await start(generated);
      const first = await (await feed()).text();
      await sim.close();

      await start(generated);

      expect(await (await feed()).text()).toBe(first);
    });

    it('keeps one vocabulary when told to', async () => {
      await start({ ...generated, vocabulary: 'planList' });

      await (await feed()).text();

      expect(await (await feed()).text()).toMatch(/^<\?xml[^>]*>\s*<planList/);
    });

    it('applies faults to generated feeds too', async () => {
      await start(generated);

      const body = await (await feed('?fault=malformed')).text();

      expect(body).toMatch(/numbered="(true|false)">/);
    });
  });
});
