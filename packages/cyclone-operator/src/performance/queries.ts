// The PromQL the operator sends to Prometheus for an app's figures, and the reading of the answers:
// pure, so that the HTTP client (phase 2) only moves bytes. The series are the seed's cyclone_app_*
// metrics, which the application labels with app="<name>"; namespace is the label Prometheus adds
// to every target it scrapes through a ServiceMonitor.
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { appName, appNamespace } from '../resources/metadata.ts';

export interface PerformanceQueries {
  currentRPS: string;
  latencyP95Seconds: string;
  activeConnections: string;
}

/** `sum` over pods for rates and counts; `max` for the p95, since quantiles of different pods cannot be averaged. */
export function performanceQueries(app: StoredCycloneApp, rateWindow = '1m'): PerformanceQueries {
  const selector = `app="${promqlString(appName(app))}",namespace="${promqlString(appNamespace(app))}"`;
  return {
    currentRPS: `sum(rate(cyclone_app_requests_total{${selector}}[${rateWindow}]))`,
    latencyP95Seconds: `max(cyclone_app_request_duration_seconds{${selector},quantile="0.95"})`,
    activeConnections: `sum(cyclone_app_active_connections{${selector}})`,
  };
}

/** Kubernetes names need no escaping, but a PromQL string must never be closed early by its content. */
function promqlString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export type InstantQueryResult = { ok: true; value: number | undefined } | { ok: false; error: string };

/**
 * Reads the body of `GET /api/v1/query` (Prometheus HTTP API): the single sample of an aggregated
 * vector, or undefined when the vector is empty (no such series). NaN and infinities, which a rate over
 * an idle counter can produce, count as no value.
 */
export function readInstantQuery(body: unknown): InstantQueryResult {
  if (!isRecord(body)) return { ok: false, error: 'the answer is not a JSON object' };
  if (body.status !== 'success') return { ok: false, error: `Prometheus answered ${String(body.errorType ?? 'error')}: ${String(body.error ?? body.status)}` };
  const data = body.data;
  if (!isRecord(data) || data.resultType !== 'vector' || !Array.isArray(data.result)) {
    return { ok: false, error: `expected a vector, got ${isRecord(data) ? String(data.resultType) : 'no data'}` };
  }
  const [first] = data.result as unknown[];
  if (first === undefined) return { ok: true, value: undefined };
  const sample = isRecord(first) && Array.isArray(first.value) ? first.value[1] : undefined;
  const value = typeof sample === 'string' ? Number(sample) : Number.NaN;
  return { ok: true, value: Number.isFinite(value) ? value : undefined };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
