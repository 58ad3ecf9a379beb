import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/**
 * What docker compose and the dashboard promise, checked without a docker engine (CI validates the
 * compose file itself with `docker-compose config`): the shape `docker-compose.yml`, the Dockerfile
 * and the Grafana dashboard must keep, and that every metric the dashboard queries is one the apps
 * register with prom-client.
 */
const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  build?: { target?: string };
  init?: boolean;
  restart?: string;
  profiles?: string[];
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  stop_grace_period?: string;
  environment?: Record<string, string>;
  ports?: string[];
  deploy?: { replicas?: number };
  volumes?: string[];
}

const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
const APPS = ['postgres', 'redis', 'provider-sim', 'worker', 'api', 'proxy'];

function seconds(duration: string): number {
  const match = /^(\d+)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  return Number(match[1]) * { ms: 0.001, s: 1, m: 60 }[match[2] as 'ms' | 's' | 'm'];
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return /\.ts$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/** Every series name the apps' own metrics produce (a histogram's _bucket, _sum and _count included). */
function registeredMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const file of ['apps', 'contexts', 'shared'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    if (!text.includes("from 'prom-client'")) continue;
    for (const [, kind, name] of text.matchAll(/new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g)) {
      names.add(name);
      if (kind === 'Histogram' || kind === 'Summary') ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(name + suffix));
    }
  }
  return names;
}

/** The metric names a PromQL expression reads: identifiers left once labels, groupings and calls are removed. */
function metricsIn(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  return [...bare.matchAll(/\b([a-z_:][a-z0-9_:]*)\b(?!\s*\()/g)].map((match) => match[1]);
}

describe('docker-compose.yml', () => {
  it.each(APPS)('%s has a healthcheck, restarts unless stopped and runs under init', (name) => {
    const service = compose.services[name];

    expect(service.healthcheck?.test.length).toBeGreaterThan(0);
    expect(service.restart).toBe('unless-stopped');
    expect(service.init).toBe(true);
  });

  it('starts every service only once what it depends on is healthy', () => {
    const conditions = Object.values(compose.services).flatMap((service) => Object.values(service.depends_on ?? {}));

    expect(conditions.length).toBeGreaterThan(0);
    expect(new Set(conditions.map((dependency) => dependency.condition))).toEqual(new Set(['service_healthy']));
  });

  it("checks the apps' readiness, the worker's on WORKER_PORT 3002", () => {
    expect(compose.services.api.healthcheck?.test.join(' ')).toContain('/health/ready');
    expect(compose.services.worker.healthcheck?.test.join(' ')).toContain(':3002/health/ready');
    expect(compose.services.worker.environment?.WORKER_PORT).toBe('3002');
  });

  it("gives the worker longer to stop than its own worst stop (SHUTDOWN_TIMEOUT_MS)", () => {
    const shutdownSeconds = Number(compose.services.worker.environment?.SHUTDOWN_TIMEOUT_MS) / 1000;

    expect(seconds(compose.services.worker.stop_grace_period ?? '10s')).toBeGreaterThan(shutdownSeconds);
    expect(seconds(compose.services.api.stop_grace_period ?? '10s')).toBeGreaterThan(shutdownSeconds);
  });

  it('builds each app from its own Dockerfile target, whose CMD runs node directly', () => {
    const dockerfile = read('Dockerfile');
    for (const app of ['provider-sim', 'worker', 'api']) {
      expect(compose.services[app].build?.target).toBe(app);
      const stage = dockerfile.split(/^FROM /m).find((block) => block.includes(` AS ${app}\n`)) ?? '';
      expect(stage).toMatch(/^EXPOSE \d+$/m);
      expect(stage).toMatch(/^HEALTHCHECK /m);
      expect(stage).toMatch(/^CMD \["node", /m);
    }
  });

  it('keeps .env out of the image', () => {
    expect(read('.dockerignore').split('\n')).toContain('.env');
  });

  it('lets the API scale behind the proxy, which alone publishes port 3000 and health-checks every replica', () => {
    expect(compose.services.api.ports ?? []).toEqual([]);
    expect(compose.services.proxy.ports).toEqual(['3000:8080']);
    expect(compose.services.proxy.depends_on?.api.condition).toBe('service_healthy');
    const mounted = compose.services.proxy.volumes?.find((volume) => volume.includes('haproxy.cfg')) ?? '';
    const config = read(mounted.split(':')[0]);
    expect(config).toMatch(/^\s*option httpchk GET \/health$/m);
    expect(config).toMatch(/^\s*default-server check .*resolvers docker/m);
    expect(config).toMatch(/^\s*server-template api \d+ api:3000$/m);
  });

  it('runs two workers by default', () => {
    expect(compose.services.worker.deploy?.replicas).toBe(2);
  });

  it('has Prometheus and Grafana in the observability profile only', () => {
    expect(compose.services.prometheus.profiles).toEqual(['observability']);
    expect(compose.services.grafana.profiles).toEqual(['observability']);
  });
});

describe('the provisioned Grafana dashboard', () => {
  const dashboard = JSON.parse(read('ops/grafana/dashboards/events-service.json')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  };
  const queries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => ({ panel: panel.title, expr: target.expr })));

  it('queries only metrics the apps export', () => {
    const exported = registeredMetricNames();

    const unknown = queries.flatMap(({ panel, expr }) => metricsIn(expr).filter((name) => !exported.has(name)).map((name) => `${panel}: ${name}`));

    expect(queries.length).toBeGreaterThan(0);
    expect(unknown).toEqual([]);
  });

  it.each([
    ['request rate and latency by route', 'http_request_duration_seconds_bucket'],
    ['cache hit ratio', 'events_cache_requests_total'],
    ['sync outcomes per provider', 'events_sync_runs_total'],
    ['sync duration per provider', 'events_sync_duration_seconds_bucket'],
    ['last successful sync age', 'events_last_successful_sync_timestamp_seconds'],
    ['circuit state', 'events_provider_circuit_open'],
  ])('shows the %s', (_what, metric) => {
    expect(queries.some(({ expr }) => metricsIn(expr).includes(metric))).toBe(true);
  });

  it('is provisioned from the folder Grafana is given', () => {
    const provider = parse(read('ops/grafana/provisioning/dashboards/dashboards.yml')) as { providers: { options: { path: string } }[] };
    const mount = (compose.services.grafana as { volumes?: string[] }).volumes?.find((volume) => volume.startsWith('./ops/grafana/dashboards:'));

    expect(mount?.split(':')[1]).toBe(provider.providers[0].options.path);
    expect(relative(ROOT, join(ROOT, 'ops/grafana/dashboards'))).toBe('ops/grafana/dashboards');
  });
});
