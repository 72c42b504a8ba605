import { aCluster, exampleCluster, withSpec } from '../../test/fixtures.ts';
import { desiredServiceMonitor } from './service-monitor.ts';
import { desiredClientService, desiredHeadlessService } from './services.ts';

const monitored = withSpec({ observability: { metrics: { serviceMonitor: true } } });

function selects(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([key, value]) => labels?.[key] === value);
}

describe('desiredServiceMonitor', () => {
  it('is undefined unless asked for', () => {
    expect(desiredServiceMonitor(aCluster())).toBeUndefined();
  });

  it('is undefined when metrics are off, even if the ServiceMonitor is asked for', () => {
    expect(desiredServiceMonitor(aCluster(withSpec({ observability: { metrics: { enabled: false, serviceMonitor: true } } })))).toBeUndefined();
  });

  it('scrapes /metrics on the http port at the default interval', () => {
    const monitor = desiredServiceMonitor(aCluster(monitored));
    expect(monitor?.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(monitor?.kind).toBe('ServiceMonitor');
    expect(monitor?.metadata.name).toBe('streambus-minimal');
    expect(monitor?.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s', scheme: 'http' }]);
  });

  it('selects the client Service and not the headless one, so each broker is scraped once', () => {
    const cluster = aCluster(monitored);
    const selector = desiredServiceMonitor(cluster)?.spec.selector.matchLabels;
    expect(selects(selector, desiredClientService(cluster).metadata?.labels)).toBe(true);
    expect(selects(selector, desiredHeadlessService(cluster).metadata?.labels)).toBe(false);
  });

  it('carries the extra labels Prometheus selects on, but never instead of the operator labels', () => {
    const cluster = aCluster(
      withSpec({
        observability: {
          metrics: { serviceMonitor: true, interval: '1m', serviceMonitorLabels: { release: 'kube-prometheus-stack', 'app.kubernetes.io/name': 'x' } },
        },
      }),
    );
    const monitor = desiredServiceMonitor(cluster);
    expect(monitor?.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', 'app.kubernetes.io/name': 'streambus-broker' });
    expect(monitor?.spec.endpoints[0]?.interval).toBe('1m');
    expect(monitor?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StreamBusCluster', controller: true });
  });

  it('matches the snapshots for the minimal and production examples', () => {
    expect(desiredServiceMonitor(exampleCluster('minimal-cluster'))).toMatchSnapshot();
    expect(desiredServiceMonitor(exampleCluster('production-cluster'))).toMatchSnapshot();
  });
});
