import autocannon from 'autocannon';

export interface LoadRun {
  origin: string;
  /** One path for every request, or a function giving each request its own. */
  path: string | (() => string);
  connections: number;
  durationSeconds: number;
  /** Requests per second offered over all connections; as fast as the server answers when absent. */
  overallRate?: number;
}

export interface LoadFigures {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Whole response on the wire (status line, headers and body). */
  bytesPerResponse: number;
  /** Connection errors, timeouts and non-2xx answers: a run with any is not measuring the happy path. */
  failures: number;
  /**
   * autocannon's own p99 when a rate was offered: it adds the requests a busy connection could not
   * send on time (coordinated omission), so it is the honest figure when the rate was not met.
   */
  correctedP99Ms: number | null;
}

/** Beyond the run's duration: time for the requests in flight to finish before the run is cut short. */
const GRACE_SECONDS = 15;
const REQUEST_TIMEOUT_SECONDS = 10;

function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

/** What one autocannon run measured, kept raw so that several runs can be added up. */
interface LoadSample {
  requests: number;
  seconds: number;
  bytes: number;
  failures: number;
  latenciesMs: number[];
  correctedP99Ms: number | null;
}

/**
 * One autocannon run, in this process. Latencies are taken from every response rather than from
 * autocannon's histogram, which only keeps whole milliseconds: too coarse for a hot path that
 * answers in one or two.
 */
async function sampleLoad(run: LoadRun): Promise<LoadSample> {
  const latenciesMs: number[] = [];
  const nextPath = run.path;
  const instance = autocannon({
    url: typeof nextPath === 'string' ? `${run.origin}${nextPath}` : run.origin,
    connections: run.connections,
    duration: run.durationSeconds,
    overallRate: run.overallRate,
    timeout: REQUEST_TIMEOUT_SECONDS,
    requests: typeof nextPath === 'string' ? undefined : [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latenciesMs.push(responseTimeMs));
  const guard = setTimeout(() => instance.stop(), (run.durationSeconds + GRACE_SECONDS) * 1000);
  let result: autocannon.Result;
  try {
    result = await instance;
  } finally {
    clearTimeout(guard);
  }
  return {
    requests: result.requests.total,
    seconds: result.duration,
    bytes: result.throughput.total,
    failures: result.errors + result.non2xx, // errors include timeouts
    latenciesMs,
    correctedP99Ms: run.overallRate ? result.latency.p99 : null,
  };
}

function figuresOf(samples: LoadSample[]): LoadFigures {
  const total = (field: 'requests' | 'seconds' | 'bytes' | 'failures') => samples.reduce((sum, sample) => sum + sample[field], 0);
  const sorted = Float64Array.from(samples.flatMap((sample) => sample.latenciesMs)).sort();
  const corrected = samples.map((sample) => sample.correctedP99Ms).filter((p99): p99 is number => p99 !== null);
  return {
    rps: total('requests') / total('seconds'),
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    bytesPerResponse: total('requests') > 0 ? total('bytes') / total('requests') : 0,
    failures: total('failures'),
    correctedP99Ms: corrected.length > 0 ? Math.max(...corrected) : null,
  };
}

export async function measureLoad(run: LoadRun): Promise<LoadFigures> {
  return figuresOf([await sampleLoad(run)]);
}

/**
 * Two servers measured in turns, `rounds` short runs each, so that whatever else the machine does
 * meanwhile weighs on both alike and their ratio stays meaningful on a shared machine.
 */
export async function measureInTurns(first: LoadRun, second: LoadRun, rounds: number): Promise<[LoadFigures, LoadFigures]> {
  const firstSamples: LoadSample[] = [];
  const secondSamples: LoadSample[] = [];
  for (let round = 0; round < rounds; round += 1) {
    firstSamples.push(await sampleLoad({ ...first, durationSeconds: first.durationSeconds / rounds }));
    secondSamples.push(await sampleLoad({ ...second, durationSeconds: second.durationSeconds / rounds }));
  }
  return [figuresOf(firstSamples), figuresOf(secondSamples)];
}
