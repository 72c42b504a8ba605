import { anApp, withSpec } from '../../test/fixtures.ts';
import { desiredServiceMonitor } from './service-monitor.ts';

describe('desiredServiceMonitor', () => {
  it('scrapes /metrics on the metrics port of the app Service', () => {
    const monitor = desiredServiceMonitor(anApp());
    expect(monitor?.metadata.name).toBe('my-cyclone-app');
    expect(monitor?.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cyclone-web', 'app.kubernetes.io/instance': 'my-cyclone-app', 'app.kubernetes.io/component': 'web' } },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
  });

  it('carries the extra labels Prometheus selects by, under its own', () => {
    const monitor = desiredServiceMonitor(anApp(withSpec({ observability: { metrics: { serviceMonitorLabels: { release: 'kube-prometheus-stack', app: 'x' }, interval: '15s' } } })));
    expect(monitor?.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', app: 'my-cyclone-app' });
    expect(monitor?.spec.endpoints[0]?.interval).toBe('15s');
  });

  it('is absent when not asked for', () => {
    expect(desiredServiceMonitor(anApp(withSpec({ observability: { metrics: { serviceMonitor: false } } })))).toBeUndefined();
  });

  it('matches the snapshot', () => {
    expect(desiredServiceMonitor(anApp())).toMatchSnapshot();
  });
});
