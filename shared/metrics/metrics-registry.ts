import { Registry, collectDefaultMetrics } from 'prom-client';

/** A registry of this process's metrics, starting with Node's own (CPU, memory, event loop lag, GC). */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}
