import { load } from 'js-yaml';
import { aCluster, exampleCluster, withName, withReplicas, withSpec, withTls } from '../../test/fixtures.ts';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { brokerConfigHash, desiredBrokerConfigMap } from './broker-config.ts';

function brokerYaml(cluster: DefaultedStreamBusCluster): string {
  return desiredBrokerConfigMap(cluster).data?.['broker.yaml'] ?? '';
}

function brokerConfig(cluster: DefaultedStreamBusCluster): Record<string, Record<string, unknown>> {
  return load(brokerYaml(cluster)) as Record<string, Record<string, unknown>>;
}

const hashOf = (cluster: DefaultedStreamBusCluster) => brokerConfigHash(desiredBrokerConfigMap(cluster));

describe('desiredBrokerConfigMap', () => {
  it('is <cluster>-config in the cluster namespace, labelled and owned by the cluster', () => {
    const { metadata } = desiredBrokerConfigMap(aCluster());
    expect(metadata).toEqual({
      name: 'streambus-minimal-config',
      namespace: 'default',
      labels: {
        'app.kubernetes.io/name': 'streambus-broker',
        'app.kubernetes.io/instance': 'streambus-minimal',
        'app.kubernetes.io/component': 'broker',
        'app.kubernetes.io/part-of': 'streambus',
        'app.kubernetes.io/managed-by': 'streambus-operator',
      },
      ownerReferences: [
        {
          apiVersion: 'streambus.io/v1alpha1',
          kind: 'StreamBusCluster',
          name: 'streambus-minimal',
          uid: 'c0ffee00-0000-4000-8000-000000000001',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    });
  });

  it('renders the ports, data directories and peer discovery', () => {
    const config = brokerConfig(aCluster(withSpec({ config: { port: 19092, httpPort: 18081, grpcPort: 19093 } })));
    expect(config.server).toEqual({ host: '0.0.0.0', port: 19092, http_port: 18081, grpc_port: 19093 });
    expect(config.storage).toEqual({ data_dir: '/data' });
    expect(config.cluster).toEqual({
      raft: { data_dir: '/raft' },
      discovery: { service: 'streambus-minimal-headless.default.svc', port: 19093 },
    });
  });

  it('sorts keys at every depth', () => {
    const assertSorted = (value: unknown) => {
      if (!value || typeof value !== 'object' || Array.isArray(value)) return;
      const keys = Object.keys(value);
      expect(keys).toEqual([...keys].sort());
      Object.values(value).forEach(assertSorted);
    };
    assertSorted(brokerConfig(exampleCluster('multi-tenant-cluster')));
    assertSorted(brokerConfig(exampleCluster('secure-cluster')));
  });

  it('takes the log level from config.logLevel unless observability.logging.level overrides it', () => {
    expect(brokerConfig(aCluster(withSpec({ config: { logLevel: 'warn' } }))).observability).toMatchObject({ logging: { level: 'warn' } });
    const overridden = aCluster(withSpec({ config: { logLevel: 'warn' }, observability: { logging: { level: 'debug', format: 'text' } } }));
    expect(brokerConfig(overridden).observability).toMatchObject({ logging: { level: 'debug', format: 'text' } });
  });

  describe('security', () => {
    it('says TLS, authentication and authorization are off by default', () => {
      expect(brokerConfig(aCluster()).security).toEqual({
        tls: { enabled: false },
        authentication: { enabled: false },
        authorization: { enabled: false },
      });
    });

    it('points at the mounted certificate files, never at Secret names or contents', () => {
      const cluster = exampleCluster('secure-cluster');
      expect(brokerConfig(cluster).security).toEqual({
        tls: {
          enabled: true,
          cert_file: '/etc/streambus/tls/tls.crt',
          key_file: '/etc/streambus/tls/tls.key',
          ca_file: '/etc/streambus/ca/ca.crt',
          client_auth_required: true,
        },
        authentication: { enabled: true, method: 'mtls', allowed_methods: ['jwt', 'mtls'] },
        authorization: { enabled: true, default_policy: 'deny' },
      });
      expect(brokerYaml(cluster)).not.toContain('streambus-tls-certs');
      expect(brokerYaml(cluster)).not.toContain('streambus-ca-cert');
    });

    it('has no CA file without a CA Secret', () => {
      expect(brokerConfig(aCluster(withTls())).security?.tls).not.toHaveProperty('ca_file');
    });

    it('allows the primary method alone when allowedMethods is unset', () => {
      const cluster = aCluster(withSpec({ security: { authentication: { enabled: true, method: 'jwt' } } }));
      expect(brokerConfig(cluster).security?.authentication).toEqual({ enabled: true, method: 'jwt', allowed_methods: ['jwt'] });
    });
  });

  describe('multi-tenancy', () => {
    it('renders quotas, overrides by tenant and the broker-enforced isolation features', () => {
      expect(brokerConfig(exampleCluster('multi-tenant-cluster')).multi_tenancy).toEqual({
        enabled: true,
        isolation: { resource_quotas: true, rate_limiting: true },
        default_quotas: {
          max_topics: 100,
          max_partitions_per_topic: 10,
          max_connections: 1000,
          max_bandwidth_mbps: 100,
          max_storage_gb: 50,
          max_messages_per_second: 10000,
        },
        tenant_overrides: {
          'basic-tenant-1': {
            max_topics: 10,
            max_partitions_per_topic: 3,
            max_connections: 100,
            max_bandwidth_mbps: 10,
            max_storage_gb: 10,
            max_messages_per_second: 1000,
          },
          'premium-tenant-1': {
            max_topics: 500,
            max_partitions_per_topic: 50,
            max_connections: 5000,
            max_bandwidth_mbps: 500,
            max_storage_gb: 500,
            max_messages_per_second: 100000,
          },
        },
      });
    });

    it('leaves unset quotas out, so they stay unlimited or inherited', () => {
      const cluster = aCluster(
        withSpec({ multiTenancy: { enabled: true, defaultQuotas: { maxTopics: 5 }, tenantOverrides: [{ tenantId: 't', quotas: { maxConnections: 9 } }] } }),
      );
      expect(brokerConfig(cluster).multi_tenancy).toMatchObject({
        default_quotas: { max_topics: 5 },
        tenant_overrides: { t: { max_connections: 9 } },
      });
    });
  });

  it('renders observability for the broker', () => {
    expect(brokerConfig(exampleCluster('multi-tenant-cluster')).observability).toEqual({
      logging: { level: 'info', format: 'json', include_tenant_context: true, audit_log: { enabled: false } },
      metrics: { enabled: true, path: '/metrics', per_tenant: true },
      tracing: { enabled: true, endpoint: 'jaeger-collector.observability.svc:4317', sampling_rate: 0.1, include_tenant_id: true },
    });
    expect(brokerConfig(exampleCluster('secure-cluster')).observability?.logging).toMatchObject({
      audit_log: { enabled: true, level: 'detailed' },
    });
  });

  it('matches the snapshot for the minimal example', () => {
    expect(desiredBrokerConfigMap(exampleCluster('minimal-cluster'))).toMatchSnapshot();
  });
});

describe('brokerConfigHash', () => {
  it('is the same for the same spec, whatever order its keys were written in', () => {
    const reordered = aCluster(withSpec({ config: { grpcPort: 9093, httpPort: 8081, port: 9092, logLevel: 'info' } }));
    expect(hashOf(reordered)).toBe(hashOf(aCluster()));
    expect(hashOf(aCluster())).toMatch(/^[0-9a-f]{16}$/);
  });

  it.each([
    ['the client port', withSpec({ config: { port: 19092 } })],
    ['the log level', withSpec({ config: { logLevel: 'debug' } })],
    ['TLS', withTls()],
    ['a tenant quota', withSpec({ multiTenancy: { enabled: true, defaultQuotas: { maxTopics: 1 } } })],
    ['the tracing endpoint', withSpec({ observability: { tracing: { enabled: true, endpoint: 'otel:4317' } } })],
    ['the cluster name (peer discovery)', withName('other')],
  ])('changes when %s changes', (_name, option) => {
    expect(hashOf(aCluster(option))).not.toBe(hashOf(aCluster()));
  });

  it.each([
    ['the replica count', withReplicas(5)],
    ['the image', withSpec({ image: { tag: 'v0.7.0' } })],
    ['pod labels and annotations', withSpec({ podLabels: { team: 'x' }, podAnnotations: { a: 'b' } })],
    ['the ServiceMonitor settings', withSpec({ observability: { metrics: { serviceMonitor: true, interval: '1m', serviceMonitorLabels: { release: 'p' } } } })],
    ['settings of a disabled feature', withSpec({ observability: { tracing: { enabled: false, samplingRate: 0.5 } } })],
  ])('does not change with %s, which the brokers do not read', (_name, option) => {
    expect(hashOf(aCluster(option))).toBe(hashOf(aCluster()));
  });

  it('does not change with network-policy isolation, which Kubernetes enforces, not the brokers', () => {
    const tenancy = aCluster(withSpec({ multiTenancy: { enabled: true, isolation: { networkPolicies: false } } }));
    const isolated = aCluster(withSpec({ multiTenancy: { enabled: true, isolation: { networkPolicies: true } } }));
    expect(hashOf(isolated)).toBe(hashOf(tenancy));
  });

  it('ignores the ConfigMap metadata', () => {
    const configMap = desiredBrokerConfigMap(aCluster());
    expect(brokerConfigHash({ ...configMap, metadata: { name: 'x', labels: { a: 'b' } } })).toBe(brokerConfigHash(configMap));
  });
});
