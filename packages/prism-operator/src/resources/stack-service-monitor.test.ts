import { aStack, exampleStack, withStackSpec } from '../../test/fixtures.ts';
import { desiredStackServiceMonitor } from './stack-service-monitor.ts';

const withServiceMonitor = (serviceMonitor: Record<string, unknown>, admin: { enabled: boolean } = { enabled: true }) =>
  aStack(withStackSpec({ admin, observability: { metrics: { serviceMonitor } } }));

describe('the stack ServiceMonitor', () => {
  it('exists only when asked for', () => {
    expect(desiredStackServiceMonitor(exampleStack())).toBeUndefined();
    expect(desiredStackServiceMonitor(withServiceMonitor({ enabled: false }))).toBeUndefined();
  });

  it('scrapes /metrics on the "metrics" port of the proxy and admin Services, every 30 s by default', () => {
    const monitor = desiredStackServiceMonitor(withServiceMonitor({ enabled: true }))!;
    expect(monitor.metadata.name).toBe('prism');
    expect(monitor.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'PrismStack', name: 'prism', controller: true });
    expect(monitor.spec).toEqual({
      selector: {
        matchLabels: { 'app.kubernetes.io/name': 'prism', 'app.kubernetes.io/instance': 'prism' },
        matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['proxy', 'admin'] }],
      },
      endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scheme: 'http' }],
    });
  });

  it('selects the proxy alone without the admin plane, and takes the interval asked for', () => {
    const monitor = desiredStackServiceMonitor(withServiceMonitor({ enabled: true, interval: '15s' }, { enabled: false }))!;
    expect(monitor.spec.selector.matchExpressions?.[0]?.values).toEqual(['proxy']);
    expect(monitor.spec.endpoints[0]?.interval).toBe('15s');
  });

  it('carries the labels a Prometheus selects it by, which never override the standard labels', () => {
    const monitor = desiredStackServiceMonitor(withServiceMonitor({ enabled: true, labels: { release: 'kube-prometheus-stack', 'app.kubernetes.io/name': 'mine' } }))!;
    expect(monitor.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack', 'app.kubernetes.io/name': 'prism', 'app.kubernetes.io/component': 'monitoring' });
  });
});
