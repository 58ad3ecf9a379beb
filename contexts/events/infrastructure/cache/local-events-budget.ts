import { getHeapStatistics } from 'node:v8';

/**
 * Heap a kept event may take at the most, with its share of the result around it and of the
 * copies made while it is served: a page's objects run ~500 bytes an event, a listing's JSON ~200.
 */
const BYTES_PER_KEPT_EVENT = 1_000;
/** Of the process's heap limit, the share kept results may fill: the rest serves the requests. */
const HEAP_SHARE = 0.25;

/**
 * Events this process may keep in memory: `preferred`, or fewer when the heap is too small to
 * hold them beside the work (a process started with a small --max-old-space-size), so that what
 * is kept can never exhaust the heap.
 */
export function localEventsBudget(preferred: number, heapLimitBytes = getHeapStatistics().heap_size_limit): number {
  return Math.min(preferred, Math.floor((heapLimitBytes * HEAP_SHARE) / BYTES_PER_KEPT_EVENT));
}
