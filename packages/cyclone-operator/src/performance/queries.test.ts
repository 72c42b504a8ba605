import { anApp, withName } from '../../test/fixtures.ts';
import { performanceQueries, readInstantQuery } from './queries.ts';

describe('performanceQueries', () => {
  it("asks for the seed's cyclone_app_* series of this app in its namespace", () => {
    expect(performanceQueries(anApp(withName('cyclone-api', 'prod')))).toEqual({
      currentRPS: 'sum(rate(cyclone_app_requests_total{app="cyclone-api",namespace="prod"}[1m]))',
      latencyP95Seconds: 'max(cyclone_app_request_duration_seconds{app="cyclone-api",namespace="prod",quantile="0.95"})',
      activeConnections: 'sum(cyclone_app_active_connections{app="cyclone-api",namespace="prod"})',
    });
    expect(performanceQueries(anApp(), '5m').currentRPS).toContain('[5m]');
  });
});

describe('readInstantQuery', () => {
  const vector = (result: unknown[]) => ({ status: 'success', data: { resultType: 'vector', result } });

  it('reads the sample of an aggregated vector', () => {
    expect(readInstantQuery(vector([{ metric: {}, value: [1767261600.123, '1500000'] }]))).toEqual({ ok: true, value: 1500000 });
    expect(readInstantQuery(vector([{ metric: {}, value: [1767261600, '0.005'] }]))).toEqual({ ok: true, value: 0.005 });
  });

  it('reads an empty vector, or NaN, as no value', () => {
    expect(readInstantQuery(vector([]))).toEqual({ ok: true, value: undefined });
    expect(readInstantQuery(vector([{ metric: {}, value: [1, 'NaN'] }]))).toEqual({ ok: true, value: undefined });
    expect(readInstantQuery(vector([{ metric: {}, value: [1, '+Inf'] }]))).toEqual({ ok: true, value: undefined });
  });

  it("reports Prometheus' own error", () => {
    expect(readInstantQuery({ status: 'error', errorType: 'bad_data', error: 'parse error at char 5' })).toEqual({
      ok: false,
      error: 'Prometheus answered bad_data: parse error at char 5',
    });
  });

  it('reports an answer of the wrong shape', () => {
    expect(readInstantQuery('<html>')).toEqual({ ok: false, error: 'the answer is not a JSON object' });
    expect(readInstantQuery({ status: 'success', data: { resultType: 'matrix', result: [] } })).toEqual({ ok: false, error: 'expected a vector, got matrix' });
  });
});
