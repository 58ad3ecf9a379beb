import { Readable } from 'node:stream';
import axios, { isAxiosError } from 'axios';
import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IPolicy,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';
import { EventsProvider } from '@contexts/events/domain/events-provider';
import { ProviderItem } from '@contexts/events/domain/provider-item';
import { ProviderCircuitOpenError } from './provider-circuit-open.error';
import { ProviderFeedError } from './provider-feed.error';
import { ProviderRequestError } from './provider-request.error';
import { translateXmlFeed } from './xml-feed.translator';

export interface ResilienceOptions {
  /** Further attempts after a failure that happened before any item was read. */
  retries: number;
  /** First backoff delay; later ones grow exponentially, with jitter, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed reads after which reads fail fast without calling the provider. */
  breakerThreshold: number;
  /** How long reads fail fast before one is let through as a probe. */
  breakerCooldownMs: number;
}

export interface HttpXmlEventsProviderOptions {
  name: string;
  /** The feed itself, requested exactly as given. */
  feedUrl: string;
  /** Deadline for one request, from connecting to the last byte of the body. */
  timeoutMs?: number;
  resilience?: Partial<ResilienceOptions>;
}

// The live provider fails a third of its calls: four attempts leave about 1 read in 80 failing.
const DEFAULT_RESILIENCE: ResilienceOptions = {
  retries: 3,
  initialDelayMs: 250,
  maxDelayMs: 4000,
  breakerThreshold: 5,
  breakerCooldownMs: 60_000,
};

const XML_CONTENT_TYPE = /^(application|text)\/([\w.+-]+\+)?xml\b/i;

/**
 * Reads a provider's XML feed over HTTP, streaming: items are yielded while the body downloads.
 *
 * Failures before the body starts (5xx, timeout, network) are retried with backoff and jitter;
 * once items flow, a failure fails the read, since its items are already in the caller's hands.
 * Each read runs inside a circuit breaker that judges the whole read, body included, so a provider
 * that keeps failing is left alone for a while instead of being called on every run.
 */
export class HttpXmlEventsProvider extends EventsProvider {
  readonly name: string;
  private readonly feedUrl: string;
  private readonly timeoutMs: number;
  private readonly cooldownMs: number;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;

  constructor(options: HttpXmlEventsProviderOptions) {
    super();
    this.name = options.name;
    this.feedUrl = options.feedUrl;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    const resilience = { ...DEFAULT_RESILIENCE, ...options.resilience };
    this.cooldownMs = resilience.breakerCooldownMs;
    const retries = retry(
      handleWhen((error) => error instanceof ProviderRequestError && error.retryable),
      {
        maxAttempts: resilience.retries,
        backoff: new ExponentialBackoff({ initialDelay: resilience.initialDelayMs, maxDelay: resilience.maxDelayMs }),
      },
    );
    // Only the provider's failures count against it; a cancelled read or a bug of ours does not.
    this.breaker = circuitBreaker(
      handleWhen((error) => error instanceof ProviderRequestError || error instanceof ProviderFeedError),
      { halfOpenAfter: resilience.breakerCooldownMs, breaker: new ConsecutiveBreaker(resilience.breakerThreshold) },
    );
    this.policy = wrap(this.breaker, retries);
  }

  async *read(seenAt: Date, signal?: AbortSignal): AsyncGenerator<ProviderItem> {
    const { attempt, body, judged } = await this.open(signal);
    let failure: Error | null = null;
    try {
      yield* translateXmlFeed(body, { provider: this.name, seenAt });
    } catch (error) {
      failure = this.bodyFailure(attempt, error);
      throw failure;
    } finally {
      attempt.finish(failure);
      // The next read must find the breaker already aware of how this one went.
      await judged;
    }
  }

  /**
   * Resolves with the first response that starts a 200 XML body. The policy's run only ends when
   * that body has been read (FeedAttempt.finished), so the breaker sees how the whole read went;
   * the retry policy can never start again after that point because body failures are not retryable.
   */
  private open(signal?: AbortSignal): Promise<OpenFeed> {
    let attempts = 0;
    return new Promise((resolve, reject) => {
      const run = this.policy.execute(async ({ signal: runSignal }) => {
        attempts++;
        const { attempt, body } = await this.request(runSignal);
        resolve({ attempt, body, judged });
        await attempt.finished;
      }, signal);
      const judged = run.then(
        () => undefined,
        (error: unknown) => reject(this.openFailure(error, attempts)),
      );
    });
  }

  private async request(signal: AbortSignal): Promise<{ attempt: FeedAttempt; body: Readable }> {
    const attempt = new FeedAttempt(this.timeoutMs, signal);
    try {
      const response = await axios.get<Readable>(this.feedUrl, {
        responseType: 'stream',
        signal: attempt.signal,
        validateStatus: () => true,
        headers: { Accept: 'application/xml, text/xml' },
      });
      if (response.status !== 200) {
        throw new ProviderRequestError(`${this.feedUrl} answered HTTP ${response.status}`, response.status >= 500, response.status);
      }
      const contentType = String(response.headers['content-type'] ?? '');
      // No content type at all is left to the translator: it tells XML from anything else anyway.
      if (contentType && !XML_CONTENT_TYPE.test(contentType)) {
        throw new ProviderRequestError(`${this.feedUrl} answered HTTP 200 with ${contentType} instead of XML`, false, 200);
      }
      return { attempt, body: response.data };
    } catch (error) {
      attempt.finish(error as Error);
      if (error instanceof ProviderRequestError) throw error;
      if (attempt.timedOut) {
        throw new ProviderRequestError(`${this.feedUrl} did not answer within ${this.timeoutMs} ms`, true);
      }
      if (signal.aborted) throw signal.reason;
      throw new ProviderRequestError(`${this.feedUrl} could not be reached: ${reasonOf(error)}`, true);
    }
  }

  private openFailure(error: unknown, attempts: number): unknown {
    if (error instanceof BrokenCircuitError) {
      const last = this.breaker.lastFailure;
      return new ProviderCircuitOpenError(this.name, this.cooldownMs, last && 'error' in last ? last.error.message : null);
    }
    if (error instanceof ProviderRequestError && error.retryable && attempts > 1) {
      return new ProviderRequestError(`${error.message} (gave up after ${attempts} attempts)`, false, error.status);
    }
    return error;
  }

  private bodyFailure(attempt: FeedAttempt, error: unknown): Error {
    if (error instanceof ProviderFeedError) return error;
    if (attempt.timedOut) {
      return new ProviderRequestError(`${this.feedUrl} did not send the whole feed within ${this.timeoutMs} ms`, false, 200);
    }
    if (attempt.cancelled) return attempt.cancelReason;
    if (isAxiosError(error) || typeof (error as NodeJS.ErrnoException).code === 'string') {
      return new ProviderRequestError(`${this.feedUrl} broke off while sending the feed: ${reasonOf(error)}`, false, 200);
    }
    return error as Error;
  }
}

interface OpenFeed {
  attempt: FeedAttempt;
  body: Readable;
  /** Settles once the breaker has recorded the read's outcome. */
  judged: Promise<void>;
}

/**
 * One request: its deadline, its cancellation by the caller, and the end of its run in the policy.
 * Ending it always aborts the request, which frees the socket when the body was not read to the end.
 */
class FeedAttempt {
  readonly finished: Promise<void>;
  private readonly controller = new AbortController();
  private readonly deadline: NodeJS.Timeout;
  private settle!: (failure: Error | null) => void;
  private expired = false;

  constructor(
    timeoutMs: number,
    private readonly caller: AbortSignal,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.settle = (failure) => (failure ? reject(failure) : resolve());
    });
    // The run may already be over (an error before the body) when nobody awaits this any more.
    this.finished.catch(() => undefined);
    this.deadline = setTimeout(() => {
      this.expired = true;
      this.controller.abort();
    }, timeoutMs);
    if (caller.aborted) this.controller.abort();
    caller.addEventListener('abort', this.cancel);
  }

  get timedOut(): boolean {
    return this.expired;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.caller.aborted;
  }

  get cancelReason(): Error {
    return this.caller.reason as Error;
  }

  finish(failure: Error | null): void {
    clearTimeout(this.deadline);
    this.caller.removeEventListener('abort', this.cancel);
    this.controller.abort();
    this.settle(failure);
  }

  private readonly cancel = (): void => this.controller.abort();
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
