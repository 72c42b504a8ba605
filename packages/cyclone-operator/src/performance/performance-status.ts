// The performance figures of status (performance.currentRPS, performance.latencyP95,
// networking.activeConnections) from what Prometheus answered, as a pure function with an injected
// clock. Figures move all the time; status is written only when one moves beyond a tolerance, and
// then at most once per interval, so a busy app does not turn into a stream of status writes.
import { toRfc3339, type ConditionStatus } from '@operators/k8s-common';
import type { CycloneAppStatus } from '../api/v1/cycloneapp.ts';

export interface PerformanceSample {
  currentRPS?: number;
  latencyP95Seconds?: number;
  activeConnections?: number;
}

export type PerformanceObservation =
  /** The operator runs without --prometheus-url. */
  | { source: 'not-configured' }
  /** A query failed (unreachable, bad answer). */
  | { source: 'failed'; error: string }
  | { source: 'prometheus'; sample: PerformanceSample };

export interface PerformancePolicy {
  /** Relative change that is worth a write, e.g. 0.05 for 5 %. */
  relativeTolerance: number;
  /** Below these, a change is noise whatever its relative size (an idle app going from 0.2 to 0.4 RPS). */
  absoluteTolerance: { rps: number; latencySeconds: number; connections: number };
  /** Fewest milliseconds between two writes of the figures. */
  minWriteIntervalMs: number;
}

export const DEFAULT_PERFORMANCE_POLICY: PerformancePolicy = {
  relativeTolerance: 0.05,
  absoluteTolerance: { rps: 1, latencySeconds: 0.0001, connections: 1 },
  minWriteIntervalMs: 30_000,
};

type Figures = Pick<CycloneAppStatus, 'performance' | 'networking'>;

export interface PerformanceStatus extends Figures {
  /** The PerformanceMetrics condition. */
  condition: { status: ConditionStatus; reason: string; message: string };
  /** Milliseconds until a held-back change may be written, when one was held back. */
  retryAfterMs?: number;
}

export const PERFORMANCE_CONDITION = 'PerformanceMetrics';

export function decidePerformanceStatus(
  previous: Figures,
  observation: PerformanceObservation,
  now: Date,
  policy: PerformancePolicy = DEFAULT_PERFORMANCE_POLICY,
): PerformanceStatus {
  switch (observation.source) {
    case 'not-configured':
      return {
        condition: {
          status: 'False',
          reason: 'PrometheusNotConfigured',
          message: 'the operator runs without --prometheus-url, so status.performance and status.networking stay empty',
        },
      };
    case 'failed':
      // The last figures stay: they are still the best known, and clearing them on a blip would write twice.
      return { ...keep(previous), condition: { status: 'False', reason: 'QueryFailed', message: `querying Prometheus failed: ${observation.error}` } };
    case 'prometheus':
      return fromSample(previous, observation.sample, now, policy);
  }
}

function fromSample(previous: Figures, sample: PerformanceSample, now: Date, policy: PerformancePolicy): PerformanceStatus {
  const empty = sample.currentRPS === undefined && sample.latencyP95Seconds === undefined && sample.activeConnections === undefined;
  const condition: PerformanceStatus['condition'] = empty
    ? { status: 'False', reason: 'NoData', message: 'Prometheus has no cyclone_app_* series for this app yet (is its /metrics scraped?)' }
    : { status: 'True', reason: 'MetricsObserved', message: `figures from Prometheus, written when one moves by more than ${policy.relativeTolerance * 100}%` };

  const before = {
    rps: previous.performance?.currentRPS,
    latency: parseLatency(previous.performance?.latencyP95),
    connections: previous.networking?.activeConnections,
  };
  const { absoluteTolerance: floor, relativeTolerance: relative } = policy;
  const moved =
    beyond(before.rps, sample.currentRPS, relative, floor.rps) ||
    beyond(before.latency, sample.latencyP95Seconds, relative, floor.latencySeconds) ||
    beyond(before.connections, sample.activeConnections, relative, floor.connections);
  if (!moved) return { ...keep(previous), condition };

  const lastWrite = Date.parse(previous.performance?.lastUpdateTime ?? '');
  const sinceLastWrite = now.getTime() - lastWrite;
  if (!Number.isNaN(lastWrite) && sinceLastWrite >= 0 && sinceLastWrite < policy.minWriteIntervalMs) {
    return { ...keep(previous), condition, retryAfterMs: policy.minWriteIntervalMs - sinceLastWrite };
  }
  if (empty) return { condition };

  const performance = {
    ...(sample.currentRPS !== undefined ? { currentRPS: Math.round(sample.currentRPS) } : {}),
    ...(sample.latencyP95Seconds !== undefined ? { latencyP95: formatLatency(sample.latencyP95Seconds) } : {}),
    lastUpdateTime: toRfc3339(now),
  };
  return {
    performance,
    ...(sample.activeConnections !== undefined ? { networking: { activeConnections: Math.round(sample.activeConnections) } } : {}),
    condition,
  };
}

function keep(previous: Figures): Figures {
  return { ...(previous.performance ? { performance: previous.performance } : {}), ...(previous.networking ? { networking: previous.networking } : {}) };
}

/** A figure that appears, disappears, or changes by more than both tolerances. */
function beyond(before: number | undefined, after: number | undefined, relative: number, floor: number): boolean {
  if (before === undefined || after === undefined) return before !== after;
  const change = Math.abs(after - before);
  return change > floor && change > relative * Math.abs(before);
}

const UNITS: readonly [string, number][] = [
  ['s', 1],
  ['ms', 1e-3],
  ['µs', 1e-6],
  ['ns', 1e-9],
];

/** Three significant digits in the largest unit that keeps the number at least 1, as Go prints a Duration: 5ms, 1.25ms, 850µs, 1.2s. */
export function formatLatency(seconds: number): string {
  if (seconds <= 0) return '0s';
  const [unit, scale] = UNITS.find(([, size]) => seconds >= size) ?? UNITS[UNITS.length - 1]!;
  return `${Number((seconds / scale).toPrecision(3))}${unit}`;
}

export function parseLatency(text: string | undefined): number | undefined {
  const match = text === undefined ? null : /^([0-9.]+)(s|ms|µs|ns)$/.exec(text);
  if (!match) return undefined;
  const scale = UNITS.find(([unit]) => unit === match[2])![1];
  return Number(match[1]) * scale;
}
