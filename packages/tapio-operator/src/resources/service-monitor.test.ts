import { aCluster, withClusterSpec } from '../../test/fixtures.ts';
import { desiredServiceMonitor } from './service-monitor.ts';

describe('desiredServiceMonitor', () => {
  it('exists only with monitoring.prometheus.enabled', () => {
    const cluster = aCluster();
    expect(desiredServiceMonitor(cluster, { ...cluster.spec.monitoring, prometheus: { enabled: false } }, ['gateway'])).toBeUndefined();
  });

  it('scrapes the metrics port of the owner\'s own components, with the user\'s labels', () => {
    const cluster = aCluster(withClusterSpec({ monitoring: { prometheus: { enabled: true, serviceMonitorLabels: { release: 'kube-prometheus' } } } }));
    const monitor = desiredServiceMonitor(cluster, cluster.spec.monitoring, ['gateway']);
    expect(monitor?.metadata.name).toBe(`${cluster.metadata.name}-gateway`);
    expect(monitor?.metadata.labels).toMatchObject({ release: 'kube-prometheus', 'app.kubernetes.io/managed-by': 'tapio-operator' });
    expect(monitor?.spec.selector).toEqual({
      matchLabels: { 'app.kubernetes.io/instance': cluster.metadata.name, 'app.kubernetes.io/managed-by': 'tapio-operator' },
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['gateway'] }],
    });
    expect(monitor?.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
    expect(monitor?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'TapioCluster', controller: true });
  });
});
