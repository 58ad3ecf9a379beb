import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultChoice, FaultPlan } from './fault-plan';
import { sendDripped, sendFeed, sendHtml, sendMalformed, sendTruncated, sendUnavailable } from './feed-responses';
import { FeedSource } from './feed-source';
import { DEFAULT_SIM_OPTIONS, ProviderSimOptions, SIM_FAULTS, SimFault } from './provider-sim.options';

export interface RunningProviderSim {
  /** Base URL to give a provider client, e.g. `http://127.0.0.1:43121`. */
  url: string;
  /** Stops listening and cuts every open response (a dripping feed would otherwise hold it for minutes). */
  close(): Promise<void>;
}

class BadRequest extends Error {}

/**
 * Starts the fake provider: `GET /api/events` (the feed at `feedPath`, with faults on demand), `GET /health`,
 * `POST /reset` (replay from the first feed) and `POST /faults?fault=503&count=2` (fail the next calls).
 */
export async function startProviderSim(
  overrides: Partial<ProviderSimOptions> = {},
  log: (message: string) => void = () => undefined,
): Promise<RunningProviderSim> {
  const options: ProviderSimOptions = { ...DEFAULT_SIM_OPTIONS, ...overrides };
  const feeds = new FeedSource(options);
  const faults = new FaultPlan(options);
  const shutdown = new AbortController();

  async function serveFeed(url: URL, response: ServerResponse): Promise<void> {
    const { fault, delayMs } = faults.choose(faultAsked(url));
    log(`GET ${options.feedPath} → ${fault}${fault === 'delay' || fault === 'drip' ? ` (${delayMs} ms)` : ''}`);
    const signal = AbortSignal.any([shutdown.signal, closedSignal(response)]);
    switch (fault) {
      case '503':
        return sendUnavailable(response);
      case 'html':
        return sendHtml(response);
      case 'delay':
        await sleep(delayMs, undefined, { signal });
        return sendFeed(response, feeds.next(), signal);
      case 'drip':
        return sendDripped(response, feeds.next(), delayMs, signal);
      case 'truncate':
        return sendTruncated(response, feeds.next());
      case 'malformed':
        return sendMalformed(response, feeds.next(), signal);
      case 'none':
        return sendFeed(response, feeds.next(), signal);
    }
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://provider-sim');
    const endpoint = `${request.method} ${url.pathname}`;
    switch (endpoint) {
      case `GET ${options.feedPath}`:
        return serveFeed(url, response);
      case 'GET /health':
        return sendJson(response, 200, { status: 'ok', mode: options.mode, feedsServed: feeds.feedsServed });
      case 'POST /reset':
        feeds.reset();
        faults.reset();
        return void response.writeHead(204).end();
      case 'POST /faults': {
        const { fault, delayMs } = faultAsked(url);
        if (!fault) throw new BadRequest(`fault is required, one of ${SIM_FAULTS.join(', ')}`);
        faults.schedule(fault, wholeNumber(url, 'count', 1, 1000) ?? 1, delayMs);
        return void response.writeHead(204).end();
      }
      default:
        return sendJson(response, 404, { error: `no route for ${endpoint}` });
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: Error) => {
      if (error instanceof BadRequest) return sendJson(response, 400, { error: error.message });
      // Past the headers, or once the client or the server has gone, dropping the connection is all that is left.
      if (response.headersSent || error.name === 'AbortError') return response.destroy();
      sendJson(response, 500, { error: error.message });
    });
  });
  server.listen(options.port, options.host);
  await once(server, 'listening');

  const { port } = server.address() as AddressInfo;
  const host = ['0.0.0.0', '::'].includes(options.host) ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        shutdown.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function faultAsked(url: URL): Partial<FaultChoice> {
  const fault = url.searchParams.get('fault');
  if (fault !== null && !SIM_FAULTS.includes(fault as SimFault)) {
    throw new BadRequest(`fault must be one of ${SIM_FAULTS.join(', ')}, got "${fault}"`);
  }
  return { fault: (fault as SimFault | null) ?? undefined, delayMs: wholeNumber(url, 'delay_ms', 0, 600_000) };
}

function wholeNumber(url: URL, name: string, min: number, max: number): number | undefined {
  const raw = url.searchParams.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new BadRequest(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Aborts when the client goes away, so a delayed or dripping response stops working for nobody. */
function closedSignal(response: ServerResponse): AbortSignal {
  const closed = new AbortController();
  response.once('close', () => closed.abort());
  return closed.signal;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
