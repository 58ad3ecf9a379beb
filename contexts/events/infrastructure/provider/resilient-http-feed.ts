import { Readable } from 'node:stream';
import axios, { isAxiosError } from 'axios';
import {
  BrokenCircuitError,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IPolicy,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';
import { ProviderCallObserver } from '@contexts/events/domain/provider-call.observer';
import { redactCredentials } from '@shared/logging/redact-credentials';
import { FeedMedia } from './feed-format';
import { ProviderCircuitOpenError } from './provider-circuit-open.error';
import { ProviderFeedError } from './provider-feed.error';
import { ProviderRequestError } from './provider-request.error';

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

export interface ResilientHttpFeedOptions {
  /** The provider's name, for the errors that speak of it. */
  name: string;
  /** The feed itself, requested exactly as given. */
  feedUrl: string;
  media: FeedMedia;
  /** Connect timeout (until the response headers), and the longest silence allowed in the body. */
  timeoutMs?: number;
  /** Cap on one whole request, from connecting to the last byte of the body. */
  maxDurationMs?: number;
  resilience?: Partial<ResilienceOptions>;
  /** Told of every call, failure and circuit change (metrics). */
  observer?: ProviderCallObserver;
}

// The live provider fails a third of its calls: four attempts leave about 1 read in 80 failing.
const DEFAULT_RESILIENCE: ResilienceOptions = {
  retries: 3,
  initialDelayMs: 250,
  maxDelayMs: 4000,
  breakerThreshold: 5,
  breakerCooldownMs: 60_000,
};

/**
 * Reads one provider's feed over HTTP, streaming, whatever its format: `consume` turns the body's
 * pieces into items, which are yielded while the body downloads.
 *
 * Failures before the body starts (5xx, timeout, network) are retried with backoff and jitter;
 * once items flow, a failure fails the read, since its items are already in the caller's hands.
 * Each read runs inside a circuit breaker that judges the whole read, body included (a body its
 * consumer finds unreadable too), so a provider that keeps failing is left alone for a while
 * instead of being called on every run.
 */
export class ResilientHttpFeed {
  private readonly name: string;
  private readonly feedUrl: string;
  private readonly shownUrl: string;
  private readonly media: FeedMedia;
  private readonly limits: FeedLimits;
  private readonly cooldownMs: number;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly policy: IPolicy;
  private readonly observer: ProviderCallObserver | null;
  private received = 0;

  constructor(options: ResilientHttpFeedOptions) {
    this.name = options.name;
    this.feedUrl = options.feedUrl;
    // Messages end up in logs and in sync_runs.error: they quote the URL without its password.
    this.shownUrl = redactCredentials(this.feedUrl);
    this.media = options.media;
    this.limits = { timeoutMs: options.timeoutMs ?? 10_000, maxDurationMs: options.maxDurationMs ?? 600_000 };
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
    this.observer = options.observer ?? null;
    this.observer?.circuitChanged(this.name, false);
    // Half-open (one probe in flight) still counts as open: reads fail fast until the probe succeeds.
    this.breaker.onStateChange((state) => this.observer?.circuitChanged(this.name, state !== CircuitState.Closed));
  }

  async *read<T>(consume: (body: AsyncIterable<Buffer>) => AsyncIterable<T>, signal?: AbortSignal): AsyncGenerator<T> {
    this.received = 0;
    const { attempt, body, judged } = await this.open(signal);
    let failure: Error | null = null;
    try {
      yield* consume(this.counted(attempt.watch(body)));
    } catch (error) {
      failure = this.observeFailure(this.bodyFailure(attempt, error));
      throw failure;
    } finally {
      attempt.finish(failure);
      // The next read must find the breaker already aware of how this one went.
      await judged;
    }
  }

  /** Bytes of the body the read in progress (or the last one) has received. */
  bytesReceived(): number {
    return this.received;
  }

  private async *counted(pieces: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const piece of pieces) {
      this.received += piece.length;
      yield piece;
    }
  }

  /**
   * Resolves with the first response that starts a 200 body of the feed's media. The policy's run only ends when
   * that body has been read (FeedAttempt.finished), so the breaker sees how the whole read went;
   * the retry policy can never start again after that point because body failures are not retryable.
   * Hence the run hands the open body out through `opened` while it is still going.
   */
  private async open(signal?: AbortSignal): Promise<OpenFeed> {
    const opened = deferred<{ attempt: FeedAttempt; body: Readable }>();
    let attempts = 0;
    const judged = this.policy
      .execute(async ({ signal: runSignal }) => {
        attempts++;
        const response = await this.request(runSignal);
        opened.resolve(response);
        await response.attempt.finished;
      }, signal)
      .then(
        () => undefined,
        // Once the body is open, `opened` is settled and the read itself reports the failure.
        (error: unknown) => opened.reject(this.openFailure(error, attempts)),
      );
    return { ...(await opened.promise), judged };
  }

  private async request(signal: AbortSignal): Promise<{ attempt: FeedAttempt; body: Readable }> {
    const attempt = new FeedAttempt(this.limits, signal, (seconds) => this.observer?.callFinished(this.name, seconds));
    try {
      const response = await axios.get<Readable>(this.feedUrl, {
        responseType: 'stream',
        signal: attempt.signal,
        validateStatus: () => true,
        headers: { Accept: this.media.accept },
      });
      if (response.status !== 200) {
        throw new ProviderRequestError(`${this.shownUrl} answered HTTP ${response.status}`, 'http_status', response.status >= 500, response.status);
      }
      const contentType = String(response.headers['content-type'] ?? '');
      // No content type at all is left to the translator: it tells XML from anything else anyway.
      if (contentType && !this.media.contentType.test(contentType)) {
        const problem = `${this.shownUrl} answered HTTP 200 with ${contentType} instead of ${this.media.description}`;
        throw new ProviderRequestError(problem, 'wrong_content_type', false, 200);
      }
      attempt.answered();
      return { attempt, body: response.data };
    } catch (error) {
      attempt.finish(error as Error);
      throw this.observeFailure(this.requestFailure(attempt, signal, error));
    }
  }

  private requestFailure(attempt: FeedAttempt, signal: AbortSignal, error: unknown): unknown {
    if (error instanceof ProviderRequestError) return error;
    if (attempt.expiredLimit) {
      return new ProviderRequestError(`${this.shownUrl} ${describeExpiry(attempt.expiredLimit, this.limits)}`, 'timeout', true);
    }
    if (signal.aborted) return signal.reason;
    return new ProviderRequestError(`${this.shownUrl} could not be reached: ${reasonOf(error)}`, 'unreachable', true);
  }

  /** Counts the provider's failures only: a cancelled read or a bug of ours is not one. */
  private observeFailure<T>(failure: T): T {
    if (failure instanceof ProviderRequestError) this.observer?.callFailed(this.name, failure.reason);
    else if (failure instanceof ProviderFeedError) this.observer?.callFailed(this.name, 'malformed');
    return failure;
  }

  private openFailure(error: unknown, attempts: number): unknown {
    if (error instanceof BrokenCircuitError) {
      this.observer?.callFailed(this.name, 'circuit_open');
      const last = this.breaker.lastFailure;
      return new ProviderCircuitOpenError(this.name, this.cooldownMs, last && 'error' in last ? last.error.message : null);
    }
    if (error instanceof ProviderRequestError && error.retryable && attempts > 1) {
      return new ProviderRequestError(`${error.message} (gave up after ${attempts} attempts)`, error.reason, false, error.status);
    }
    return error;
  }

  private bodyFailure(attempt: FeedAttempt, error: unknown): Error {
    // Checked first: a body cut by a limit or by the caller also looks truncated to its consumer.
    if (attempt.expiredLimit) {
      return new ProviderRequestError(`${this.shownUrl} ${describeExpiry(attempt.expiredLimit, this.limits)}`, 'timeout', false, 200);
    }
    if (attempt.cancelled) return attempt.cancelReason;
    if (error instanceof ProviderFeedError) return error;
    if (isAxiosError(error) || typeof (error as NodeJS.ErrnoException).code === 'string') {
      return new ProviderRequestError(`${this.shownUrl} broke off while sending the feed: ${reasonOf(error)}`, 'broken_off', false, 200);
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

interface FeedLimits {
  /** PROVIDER_TIMEOUT_MS: until the headers, and between two pieces of the body. */
  timeoutMs: number;
  /** PROVIDER_MAX_DURATION_MS: the whole request. */
  maxDurationMs: number;
}

type ExpiredLimit = 'connect' | 'silence' | 'duration';

function describeExpiry(limit: ExpiredLimit, limits: FeedLimits): string {
  switch (limit) {
    case 'connect':
      return `did not answer within ${limits.timeoutMs} ms (PROVIDER_TIMEOUT_MS)`;
    case 'silence':
      return `sent nothing for ${limits.timeoutMs} ms in the middle of the feed (PROVIDER_TIMEOUT_MS)`;
    case 'duration':
      return `did not send the whole feed within ${limits.maxDurationMs} ms (PROVIDER_MAX_DURATION_MS)`;
  }
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(reason: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((onValue, onError) => {
    resolve = onValue;
    reject = onError;
  });
  return { promise, resolve, reject };
}

/**
 * One request: its limits, its cancellation by the caller, its duration, and the end of its run in the policy.
 * Ending it always aborts the request, which frees the socket when the body was not read to the end.
 *
 * The silence limit only runs while the read waits for the provider: while the caller is busy
 * (writing the last batch to the database), the stream is paused and the provider is held back by
 * TCP flow control, so that time is the caller's and never counts against the provider.
 */
class FeedAttempt {
  readonly finished: Promise<void>;
  private readonly controller = new AbortController();
  private readonly timers = new Set<NodeJS.Timeout>();
  private settle!: (failure: Error | null) => void;
  private expired: ExpiredLimit | null = null;
  private readonly waitingForHeaders: NodeJS.Timeout;
  private readonly startedAt = performance.now();
  private ended = false;

  constructor(
    private readonly limits: FeedLimits,
    private readonly caller: AbortSignal,
    private readonly onEnd: (seconds: number) => void,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.settle = (failure) => (failure ? reject(failure) : resolve());
    });
    // The run may already be over (an error before the body) when nobody awaits this any more.
    this.finished.catch(() => undefined);
    this.expireAfter(limits.maxDurationMs, 'duration');
    this.waitingForHeaders = this.expireAfter(limits.timeoutMs, 'connect');
    if (caller.aborted) this.controller.abort();
    caller.addEventListener('abort', this.cancel);
  }

  /** The limit that ended the request, if one did. */
  get expiredLimit(): ExpiredLimit | null {
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

  answered(): void {
    this.clear(this.waitingForHeaders);
  }

  /** The body's pieces, each wait for the next one bounded by the silence limit. */
  async *watch(body: Readable): AsyncGenerator<Buffer> {
    const pieces = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    for (;;) {
      const silence = this.expireAfter(this.limits.timeoutMs, 'silence');
      const piece = await pieces.next().finally(() => this.clear(silence));
      if (piece.done) return;
      yield piece.value;
    }
  }

  finish(failure: Error | null): void {
    if (!this.ended) this.onEnd((performance.now() - this.startedAt) / 1000);
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.caller.removeEventListener('abort', this.cancel);
    this.controller.abort();
    this.settle(failure);
  }

  private expireAfter(ms: number, limit: ExpiredLimit): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.expired ??= limit;
      this.controller.abort();
    }, ms);
    this.timers.add(timer);
    return timer;
  }

  private clear(timer: NodeJS.Timeout): void {
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  private readonly cancel = (): void => this.controller.abort();
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return code && !message.includes(code) ? `${code} ${message}` : message;
}
