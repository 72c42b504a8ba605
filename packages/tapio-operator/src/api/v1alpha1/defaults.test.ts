import { withClusterDefaults, withCollectorDefaults, withIntelligenceDefaults } from './defaults.ts';

const meta = { name: 'x', namespace: 'ns' };
const canary = { enabled: false, readyTimeout: '10m', steps: [{ weight: 25, pause: '2m' }, { weight: 50, pause: '2m' }] };
const autoscaling = { enabled: false, maxReplicas: 10, targetCPUUtilizationPercentage: 80 };
const monitoring = { prometheus: { enabled: false }, grafana: { enabled: false } };

describe('withClusterDefaults', () => {
  it('fills in every schema default the DefaultedTapioClusterSpec type promises, and nothing the profile decides', () => {
    const { spec } = withClusterDefaults({ apiVersion: 'tapio.io/v1alpha1', kind: 'TapioCluster', metadata: meta, spec: {} });
    expect(spec).toEqual({
      version: 'v0.1.0',
      imageRegistry: 'ghcr.io/yairfalse',
      profile: 'production',
      collectors: {},
      collectorOptions: { verticalAutoscaling: { enabled: true, updateMode: 'Off' } },
      intelligence: {
        embeddedStorage: '2Gi',
        neo4j: { image: 'neo4j:5.26.0-enterprise', licenseAgreement: 'eval', backup: { retention: 7 } },
        correlation: { autoscaling, canary },
      },
      nats: { image: 'nats:2.10.24-alpine' },
      gateway: {
        rateLimit: { requestsPerSecond: 100, burst: 200 },
        authentication: { enabled: false },
        service: { type: 'ClusterIP', port: 8080 },
        autoscaling,
        canary,
      },
      monitoring,
      security: { networkPolicies: true, podSecurityLabels: true },
    });
  });

  it('does not change its input', () => {
    const input = { apiVersion: 'tapio.io/v1alpha1' as const, kind: 'TapioCluster' as const, metadata: meta, spec: {} };
    withClusterDefaults(input);
    expect(input.spec).toEqual({});
  });
});

describe('withCollectorDefaults', () => {
  it('fills in every default the DefaultedTapioCollectorSpec type promises', () => {
    const { spec } = withCollectorDefaults({
      apiVersion: 'tapio.io/v1alpha1',
      kind: 'TapioCollector',
      metadata: meta,
      spec: { type: 'ebpf', natsUrl: 'nats://n:4222' },
    });
    expect(spec).toEqual({
      type: 'ebpf',
      natsUrl: 'nats://n:4222',
      version: 'v0.1.0',
      imageRegistry: 'ghcr.io/yairfalse',
      lightweight: false,
      verticalAutoscaling: { enabled: true, updateMode: 'Off' },
      networkPolicies: true,
      monitoring,
    });
  });
});

describe('withIntelligenceDefaults', () => {
  it('fills in every default the DefaultedTapioIntelligenceSpec type promises: one server, one correlation pod, no backups', () => {
    const { spec } = withIntelligenceDefaults({
      apiVersion: 'tapio.io/v1alpha1',
      kind: 'TapioIntelligence',
      metadata: meta,
      spec: { natsUrl: 'nats://n:4222' },
    });
    expect(spec).toEqual({
      natsUrl: 'nats://n:4222',
      version: 'v0.1.0',
      imageRegistry: 'ghcr.io/yairfalse',
      highAvailability: false,
      lightweight: false,
      embedded: false,
      embeddedStorage: '2Gi',
      neo4j: { replicas: 1, storage: '5Gi', image: 'neo4j:5.26.0-enterprise', licenseAgreement: 'eval', backup: { enabled: false, retention: 7 } },
      correlation: { replicas: 1, autoscaling, canary },
      networkPolicies: true,
      monitoring,
    });
  });
});
