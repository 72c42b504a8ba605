import type { CycloneAppStatus } from '../api/v1/cycloneapp.ts';
import { decidePerformanceStatus, formatLatency, parseLatency, type PerformanceObservation } from './performance-status.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const later = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const observed = (currentRPS?: number, latencyP95Seconds?: number, activeConnections?: number): PerformanceObservation => ({
  source: 'prometheus',
  sample: {
    ...(currentRPS !== undefined ? { currentRPS } : {}),
    ...(latencyP95Seconds !== undefined ? { latencyP95Seconds } : {}),
    ...(activeConnections !== undefined ? { activeConnections } : {}),
  },
});
const written: Pick<CycloneAppStatus, 'performance' | 'networking'> = {
  performance: { currentRPS: 1500000, latencyP95: '5ms', lastUpdateTime: '2026-03-01T10:00:00Z' },
  networking: { activeConnections: 25000 },
};

describe('decidePerformanceStatus', () => {
  it("writes the seed's figures the first time, rounded and readable", () => {
    expect(decidePerformanceStatus({}, observed(1500000.4, 0.005, 25000), t0)).toEqual({
      performance: { currentRPS: 1500000, latencyP95: '5ms', lastUpdateTime: '2026-03-01T10:00:00Z' },
      networking: { activeConnections: 25000 },
      condition: { status: 'True', reason: 'MetricsObserved', message: 'figures from Prometheus, written when one moves by more than 5%' },
    });
  });

  it('keeps the written figures while they stay within the tolerance, so status does not change', () => {
    const decision = decidePerformanceStatus(written, observed(1540000, 0.0051, 25900), later(600));
    expect(decision.performance).toBe(written.performance);
    expect(decision.networking).toBe(written.networking);
    expect(decision).not.toHaveProperty('retryAfterMs');
  });

  it('writes when one figure moves beyond the tolerance', () => {
    const decision = decidePerformanceStatus(written, observed(1540000, 0.0051, 30000), later(60));
    expect(decision.performance).toEqual({ currentRPS: 1540000, latencyP95: '5.1ms', lastUpdateTime: '2026-03-01T10:01:00Z' });
    expect(decision.networking).toEqual({ activeConnections: 30000 });
  });

  it('holds a change back until the interval since the last write has passed', () => {
    const held = decidePerformanceStatus(written, observed(3000000, 0.005, 25000), later(10));
    expect(held.performance).toBe(written.performance);
    expect(held.retryAfterMs).toBe(20_000);
    expect(decidePerformanceStatus(written, observed(3000000, 0.005, 25000), later(30)).performance?.currentRPS).toBe(3000000);
  });

  it('treats tiny absolute changes of an idle app as noise', () => {
    const idle = { performance: { currentRPS: 0, latencyP95: '0s', lastUpdateTime: '2026-03-01T10:00:00Z' }, networking: { activeConnections: 0 } };
    expect(decidePerformanceStatus(idle, observed(0.6, 0.00005, 1), later(60)).performance).toBe(idle.performance);
    expect(decidePerformanceStatus(idle, observed(5, 0, 0), later(60)).performance?.currentRPS).toBe(5);
  });

  it('writes when a figure appears or disappears', () => {
    const appeared = decidePerformanceStatus({ performance: { currentRPS: 1500000, lastUpdateTime: '2026-03-01T10:00:00Z' } }, observed(1500000, 0.005), later(60));
    expect(appeared.performance?.latencyP95).toBe('5ms');
    const gone = decidePerformanceStatus(written, observed(1500000, 0.005), later(60));
    expect(gone.networking).toBeUndefined();
    expect(gone.performance).toEqual({ currentRPS: 1500000, latencyP95: '5ms', lastUpdateTime: '2026-03-01T10:01:00Z' });
  });

  it('says when Prometheus has no series for the app, and clears the figures', () => {
    const decision = decidePerformanceStatus(written, observed(), later(60));
    expect(decision).toEqual({
      condition: { status: 'False', reason: 'NoData', message: 'Prometheus has no cyclone_app_* series for this app yet (is its /metrics scraped?)' },
    });
  });

  it('leaves the fields empty without --prometheus-url, and says why', () => {
    expect(decidePerformanceStatus(written, { source: 'not-configured' }, t0)).toEqual({
      condition: {
        status: 'False',
        reason: 'PrometheusNotConfigured',
        message: 'the operator runs without --prometheus-url, so status.performance and status.networking stay empty',
      },
    });
  });

  it('keeps the last figures when a query fails, and says why', () => {
    const decision = decidePerformanceStatus(written, { source: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:9090' }, t0);
    expect(decision).toEqual({
      ...written,
      condition: { status: 'False', reason: 'QueryFailed', message: 'querying Prometheus failed: connect ECONNREFUSED 127.0.0.1:9090' },
    });
  });
});

describe('latency formatting', () => {
  it.each<[number, string]>([
    [0.005, '5ms'],
    [0.00125, '1.25ms'],
    [0.00085, '850µs'],
    [1.2345, '1.23s'],
    [42, '42s'],
    [3e-8, '30ns'],
    [0, '0s'],
  ])('%p s is %s, and reads back', (seconds, text) => {
    expect(formatLatency(seconds)).toBe(text);
    expect(parseLatency(text)).toBeCloseTo(Number(seconds.toPrecision(3)), 12);
  });

  it('reads nothing from text it did not write', () => {
    expect(parseLatency('5 ms')).toBeUndefined();
    expect(parseLatency(undefined)).toBeUndefined();
  });
});
