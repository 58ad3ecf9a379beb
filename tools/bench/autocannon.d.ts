// autocannon ships no types and @types/autocannon is not installed: just the part of its
// programmatic API the benchmarks use (see its README, "API").
declare module 'autocannon' {
  import { EventEmitter } from 'node:events';

  namespace autocannon {
    interface Request {
      method?: string;
      path?: string;
      /** Called before every request when present, so each one can go elsewhere. */
      setupRequest?: (request: Request) => Request;
    }

    interface Options {
      url: string;
      connections?: number;
      /** Seconds. */
      duration?: number;
      /** Requests per second over all connections; unlimited when absent. */
      overallRate?: number;
      /** Seconds one request may take before it counts as a timeout. */
      timeout?: number;
      requests?: Request[];
    }

    interface Histogram {
      average: number;
      total: number;
      p50: number;
      p99: number;
    }

    interface Result {
      /** Seconds. */
      duration: number;
      /** Completed requests per second. */
      requests: Histogram;
      /** Milliseconds, whole ones only; with a rate, corrected for coordinated omission. */
      latency: Histogram;
      /** Response bytes per second. */
      throughput: Histogram;
      /** Connection errors, timeouts included. */
      errors: number;
      non2xx: number;
    }

    interface Instance extends EventEmitter {
      stop(): void;
      on(event: 'response', listener: (client: unknown, statusCode: number, responseBytes: number, responseTimeMs: number) => void): this;
    }
  }

  /** Without a callback the instance is also a promise of the result. */
  function autocannon(options: autocannon.Options): autocannon.Instance & PromiseLike<autocannon.Result>;

  export = autocannon;
}
