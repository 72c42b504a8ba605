// Moves the bytes of the performance figures: the three instant queries of performanceQueries
// against the Prometheus HTTP API (`GET /api/v1/query`), read by readInstantQuery. Everything
// that decides what reaches status is in performance-status.ts.
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import type { PerformanceObservation, PerformanceSample } from './performance-status.ts';
import { performanceQueries, readInstantQuery } from './queries.ts';

/** Gets an app's figures; one per operator, from --prometheus-url. */
export type PerformanceSource = (app: StoredCycloneApp, signal: AbortSignal) => Promise<PerformanceObservation>;

/** A query that takes longer than this counts as failed: a slow Prometheus must not hold a reconcile. */
const QUERY_TIMEOUT_MS = 5_000;

export function prometheusSource(baseUrl: string): PerformanceSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const query = async (promql: string, signal: AbortSignal) => {
    const url = new URL('api/v1/query', base);
    url.searchParams.set('query', promql);
    const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(QUERY_TIMEOUT_MS)]), headers: { accept: 'application/json' } });
    const body: unknown = await response.json().catch(() => undefined);
    const result = readInstantQuery(body);
    if (!result.ok) throw new Error(`HTTP ${response.status}: ${result.error}`);
    return result.value;
  };
  return async (app, signal) => {
    const queries = performanceQueries(app);
    try {
      const [currentRPS, latencyP95Seconds, activeConnections] = await Promise.all([
        query(queries.currentRPS, signal),
        query(queries.latencyP95Seconds, signal),
        query(queries.activeConnections, signal),
      ]);
      const sample: PerformanceSample = {
        ...(currentRPS !== undefined ? { currentRPS } : {}),
        ...(latencyP95Seconds !== undefined ? { latencyP95Seconds } : {}),
        ...(activeConnections !== undefined ? { activeConnections } : {}),
      };
      return { source: 'prometheus', sample };
    } catch (error) {
      if (signal.aborted) throw error;
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      return { source: 'failed', error: cause ?? (error instanceof Error ? error.message : String(error)) };
    }
  };
}

/** Without --prometheus-url. */
export const notConfigured: PerformanceSource = async () => ({ source: 'not-configured' });
