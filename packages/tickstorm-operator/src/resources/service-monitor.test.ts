import { aTickStorm, exampleTickStorm, withSpec } from '../../test/fixtures.ts';
import { desiredServiceMonitor } from './service-monitor.ts';

describe('desiredServiceMonitor', () => {
  it('is undefined unless metrics.serviceMonitor.enabled', () => {
    expect(desiredServiceMonitor(aTickStorm())).toBeUndefined();
  });

  it("scrapes the metrics port of <name>-service only, with the seed's interval and path", () => {
    const monitor = desiredServiceMonitor(aTickStorm(withSpec({ metrics: { serviceMonitor: { enabled: true } } })));
    expect(monitor?.metadata.name).toBe('tick-storm');
    expect(monitor?.spec).toEqual({
      selector: {
        matchLabels: {
          'app.kubernetes.io/name': 'tick-storm',
          'app.kubernetes.io/instance': 'tick-storm',
          'app.kubernetes.io/component': 'server',
          'tickstorm.io/service': 'client',
        },
      },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
  });

  it("carries the extra labels, the operator's winning", () => {
    const monitor = desiredServiceMonitor(
      aTickStorm(withSpec({ metrics: { serviceMonitor: { enabled: true, labels: { release: 'prom', 'app.kubernetes.io/name': 'x' } } } })),
    );
    expect(monitor?.metadata.labels).toMatchObject({ release: 'prom', 'app.kubernetes.io/name': 'tick-storm' });
  });

  it('matches the snapshot for production', () => {
    expect(desiredServiceMonitor(exampleTickStorm('production'))).toMatchSnapshot();
  });
});
