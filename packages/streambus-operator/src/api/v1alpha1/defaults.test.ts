import { withDefaults } from './defaults.ts';
import type { StreamBusCluster } from './streambuscluster.ts';

const bare: StreamBusCluster = {
  apiVersion: 'streambus.io/v1alpha1',
  kind: 'StreamBusCluster',
  metadata: { name: 'c', namespace: 'ns' },
  spec: {},
};

describe('withDefaults', () => {
  it('fills in every default the DefaultedStreamBusClusterSpec type promises', () => {
    expect(withDefaults(bare).spec).toEqual({
      replicas: 3,
      progressDeadlineSeconds: 600,
      image: { repository: 'streambus/broker', tag: 'v0.6.0', pullPolicy: 'IfNotPresent' },
      storage: { size: '10Gi', raftSize: '5Gi', deleteClaimsOnScaleDown: false, deleteClaimsOnDelete: false },
      config: { logLevel: 'info', port: 9092, httpPort: 8081, grpcPort: 9093 },
      security: {
        tls: { enabled: false, clientAuthRequired: false },
        authentication: { enabled: false },
        authorization: { enabled: false, defaultPolicy: 'deny' },
      },
      multiTenancy: { enabled: false, isolation: { networkPolicies: false, resourceQuotas: false, rateLimiting: false } },
      observability: {
        metrics: { enabled: true, serviceMonitor: false, interval: '30s', perTenantMetrics: false },
        tracing: { enabled: false, samplingRate: 0.1, includeTenantId: false },
        logging: { format: 'json', includeTenantContext: false, auditLog: { enabled: false, level: 'basic' } },
      },
    });
  });

  it('keeps what is set, replicas 0 included', () => {
    const cluster = withDefaults({ ...bare, spec: { replicas: 0, image: { tag: 'v0.7.0' }, config: { port: 19092 } } });
    expect(cluster.spec.replicas).toBe(0);
    expect(cluster.spec.image).toEqual({ repository: 'streambus/broker', tag: 'v0.7.0', pullPolicy: 'IfNotPresent' });
    expect(cluster.spec.config.port).toBe(19092);
    expect(cluster.spec.config.httpPort).toBe(8081);
  });

  it('does not change its input', () => {
    const input = structuredClone(bare);
    withDefaults(input);
    expect(input).toEqual(bare);
  });
});
