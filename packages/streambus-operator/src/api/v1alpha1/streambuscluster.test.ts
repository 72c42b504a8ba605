import { load } from 'js-yaml';
import {
  authenticationRules,
  configRules,
  securityRules,
  streamBusClusterCrd,
  StreamBusClusterSpec,
  tlsRules,
  tracingRules,
  clusterRules,
} from './streambuscluster.ts';
import { toCrd, type ValidationIssue } from '@operators/k8s-common';
import { validateStreamBusCluster } from './validation.ts';

// The YAML blocks of the seed README (the StreamBus operator's), verbatim. Blocks that show only
// `spec:` are wrapped into a resource, as a user would.
const SEED_CRD_EXAMPLE = `
apiVersion: streambus.io/v1alpha1
kind: StreamBusCluster
metadata:
  name: my-cluster
spec:
  replicas: 3
  image:
    repository: streambus/broker
    tag: v0.6.0
  storage:
    class: standard
    size: 10Gi
`;

const SEED_BASIC = `
apiVersion: streambus.io/v1alpha1
kind: StreamBusCluster
metadata:
  name: my-cluster
  namespace: default
spec:
  # Number of broker replicas (required)
  replicas: 3

  # Container image configuration
  image:
    repository: streambus/broker
    tag: v0.6.0
    pullPolicy: IfNotPresent

  # Resource requirements
  resources:
    requests:
      cpu: 500m
      memory: 512Mi
    limits:
      cpu: 2000m
      memory: 2Gi

  # Persistent storage
  storage:
    class: standard        # StorageClass name
    size: 10Gi            # Data volume size
    raftSize: 5Gi         # Raft log volume size

  # Broker configuration
  config:
    logLevel: info
    port: 9092
    httpPort: 8081
    grpcPort: 9093
`;

const SEED_SECURITY = `
spec:
  security:
    tls:
      enabled: true
      certSecretName: streambus-tls-certs
      caSecretName: streambus-ca-cert
      clientAuthRequired: true

    authentication:
      enabled: true
      method: mtls  # Options: mtls, jwt
      allowedMethods:
        - mtls
        - jwt

    authorization:
      enabled: true
      defaultPolicy: deny
`;

const SEED_MULTI_TENANCY = `
spec:
  multiTenancy:
    enabled: true
    isolation:
      networkPolicies: true
      resourceQuotas: true
      rateLimiting: true

    defaultQuotas:
      maxTopics: 100
      maxPartitionsPerTopic: 10
      maxConnections: 1000
      maxBandwidthMBps: 100
      maxStorageGB: 50
      maxMessagesPerSecond: 10000

    tenantOverrides:
      - tenantId: "premium-tenant"
        quotas:
          maxTopics: 500
          maxConnections: 5000
`;

const SEED_OBSERVABILITY = `
spec:
  observability:
    metrics:
      enabled: true
      serviceMonitor: true  # For Prometheus Operator
      interval: 30s
      perTenantMetrics: true

    tracing:
      enabled: true
      endpoint: "jaeger-collector.observability.svc:4317"
      samplingRate: 0.1
      includeTenantId: true

    logging:
      level: info
      format: json
      includeTenantContext: true
      auditLog:
        enabled: true
        level: detailed
`;

const SEED_HIGH_AVAILABILITY = `
spec:
  # Pod anti-affinity for spreading across nodes
  affinity:
    podAntiAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        - labelSelector:
            matchExpressions:
              - key: app.kubernetes.io/name
                operator: In
                values:
                  - streambus-broker
          topologyKey: kubernetes.io/hostname

  # Node selection
  nodeSelector:
    workload: streaming

  # Tolerations for tainted nodes
  tolerations:
    - key: dedicated
      operator: Equal
      value: streambus
      effect: NoSchedule

  # Pod annotations and labels
  podAnnotations:
    prometheus.io/scrape: "true"
  podLabels:
    environment: production
`;

const SEED_SERVICE_MONITOR = `
spec:
  observability:
    metrics:
      serviceMonitor: true
`;

const SEED_UPGRADE = `
spec:
  image:
    tag: v0.7.0  # New version
`;

function asResource(yaml: string): Record<string, unknown> {
  const parsed = load(yaml) as Record<string, unknown>;
  return { apiVersion: 'streambus.io/v1alpha1', kind: 'StreamBusCluster', metadata: { name: 'my-cluster' }, ...parsed };
}

function issuesOf(resource: unknown): ValidationIssue[] {
  const result = validateStreamBusCluster(resource);
  return result.ok ? [] : result.errors;
}

/** A valid resource with `spec` replaced. */
function withSpec(spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'streambus.io/v1alpha1', kind: 'StreamBusCluster', metadata: { name: 'my-cluster' }, spec };
}

describe('the seed README examples', () => {
  it.each([
    ['CRD', SEED_CRD_EXAMPLE],
    ['basic configuration', SEED_BASIC],
    ['security configuration', SEED_SECURITY],
    ['multi-tenancy configuration', SEED_MULTI_TENANCY],
    ['observability configuration', SEED_OBSERVABILITY],
    ['high availability configuration', SEED_HIGH_AVAILABILITY],
    ['ServiceMonitor', SEED_SERVICE_MONITOR],
    ['upgrade', SEED_UPGRADE],
  ])('the %s block validates', (_name, yaml) => {
    expect(issuesOf(asResource(yaml))).toEqual([]);
  });

  it('keeps the values it shows, with the meaning it gives them', () => {
    const result = validateStreamBusCluster(asResource(SEED_BASIC));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { spec } = result.value;
    expect(spec.replicas).toBe(3);
    expect(spec.image).toEqual({ repository: 'streambus/broker', tag: 'v0.6.0', pullPolicy: 'IfNotPresent' });
    expect(spec.resources).toEqual({ requests: { cpu: '500m', memory: '512Mi' }, limits: { cpu: '2000m', memory: '2Gi' } });
    expect(spec.storage).toMatchObject({ class: 'standard', size: '10Gi', raftSize: '5Gi' });
    expect(spec.config).toEqual({ logLevel: 'info', port: 9092, httpPort: 8081, grpcPort: 9093 });
  });
});

describe('invalid input names the field', () => {
  it.each<[string, Record<string, unknown>, ValidationIssue]>([
    ['negative replicas', { replicas: -1 }, { path: 'spec.replicas', message: 'must be >= 0' }],
    ['fractional replicas', { replicas: 1.5 }, { path: 'spec.replicas', message: 'must be integer' }],
    [
      'an unknown pull policy',
      { image: { pullPolicy: 'Sometimes' } },
      { path: 'spec.image.pullPolicy', message: 'must be one of "Always", "IfNotPresent", "Never"' },
    ],
    [
      'a sampling rate above 1',
      { observability: { tracing: { samplingRate: 2 } } },
      { path: 'spec.observability.tracing.samplingRate', message: 'must be <= 1' },
    ],
    [
      'a negative sampling rate',
      { observability: { tracing: { samplingRate: -0.1 } } },
      { path: 'spec.observability.tracing.samplingRate', message: 'must be >= 0' },
    ],
    ['an unknown log level', { config: { logLevel: 'verbose' } }, { path: 'spec.config.logLevel', message: 'must be one of "debug", "info", "warn", "error"' }],
    ['a port out of range', { config: { port: 70000 } }, { path: 'spec.config.port', message: 'must be <= 65535' }],
    ['a misspelt field', { replica: 3 }, { path: 'spec.replica', message: 'is not a known field' }],
    ['a misspelt nested field', { storage: { sise: '1Gi' } }, { path: 'spec.storage.sise', message: 'is not a known field' }],
    [
      'an unknown authentication method',
      { security: { authentication: { enabled: true, method: 'basic' } } },
      { path: 'spec.security.authentication.method', message: 'must be one of "mtls", "jwt"' },
    ],
    [
      'a toleration period that is not a number',
      { tolerations: [{ key: 'a', effect: 'NoExecute', tolerationSeconds: 'soon' }] },
      { path: 'spec.tolerations[0].tolerationSeconds', message: 'must be integer' },
    ],
    [
      'a non-string pod label',
      { podLabels: { 'example.com/team': 7 } },
      { path: 'spec.podLabels["example.com/team"]', message: 'must be string' },
    ],
    [
      'a scrape interval that is not a duration',
      { observability: { metrics: { interval: '30 seconds' } } },
      { path: 'spec.observability.metrics.interval', message: expect.stringContaining('must match pattern') as unknown as string },
    ],
    [
      'a negative quota',
      { multiTenancy: { defaultQuotas: { maxTopics: -5 } } },
      { path: 'spec.multiTenancy.defaultQuotas.maxTopics', message: 'must be >= 0' },
    ],
    [
      'an override without tenantId',
      { multiTenancy: { tenantOverrides: [{ quotas: {} }] } },
      { path: 'spec.multiTenancy.tenantOverrides[0].tenantId', message: 'is required' },
    ],
  ])('%s', (_name, spec, issue) => {
    expect(issuesOf(withSpec(spec))).toEqual([issue]);
  });

  it('says what a quantity may look like', () => {
    expect(issuesOf(withSpec({ storage: { size: 'ten gigs' } }))).toEqual([
      { path: 'spec.storage.size', message: expect.stringMatching(/^must match pattern/) },
    ]);
    expect(issuesOf(withSpec({ resources: { limits: { memory: '2 GB' } } }))).toEqual([
      { path: 'spec.resources.limits.memory', message: expect.stringMatching(/^must match pattern/) },
    ]);
    expect(issuesOf(withSpec({ storage: { size: true } }))).toEqual([{ path: 'spec.storage.size', message: 'must be integer or string' }]);
  });

  it('rejects the wrong kind or apiVersion', () => {
    expect(issuesOf({ ...withSpec({}), kind: 'KafkaCluster' })).toEqual([{ path: 'kind', message: 'must be "StreamBusCluster"' }]);
    expect(issuesOf({ ...withSpec({}), apiVersion: 'streambus.io/v1' })).toEqual([
      { path: 'apiVersion', message: 'must be "streambus.io/v1alpha1"' },
    ]);
  });
});

describe('cross-field rules (CEL in the CRD, the same rules in TypeScript)', () => {
  it.each<[string, Record<string, unknown>, ValidationIssue]>([
    [
      'TLS without a certificate Secret',
      { security: { tls: { enabled: true } } },
      { path: 'spec.security.tls.certSecretName', message: 'certSecretName is required when TLS is enabled' },
    ],
    [
      'client certificates without a CA',
      { security: { tls: { enabled: true, certSecretName: 'c', clientAuthRequired: true } } },
      {
        path: 'spec.security.tls.caSecretName',
        message: 'caSecretName is required when clientAuthRequired is true: client certificates are verified against that CA',
      },
    ],
    [
      'mtls authentication without TLS',
      { security: { authentication: { enabled: true, method: 'mtls' } } },
      { path: 'spec.security.authentication.method', message: 'mtls authentication needs tls.enabled: client certificates are only presented over TLS' },
    ],
    [
      'mtls among the allowed methods without TLS',
      { security: { authentication: { enabled: true, method: 'jwt', allowedMethods: ['jwt', 'mtls'] } } },
      { path: 'spec.security.authentication.method', message: 'mtls authentication needs tls.enabled: client certificates are only presented over TLS' },
    ],
    [
      'authentication without a method',
      { security: { authentication: { enabled: true } } },
      { path: 'spec.security.authentication.method', message: 'method is required when authentication is enabled' },
    ],
    [
      'a method that is not allowed',
      { security: { authentication: { enabled: true, method: 'jwt', allowedMethods: ['mtls'] }, tls: { enabled: true, certSecretName: 'c' } } },
      { path: 'spec.security.authentication.method', message: 'method must be one of allowedMethods' },
    ],
    [
      'a client port equal to the default HTTP port',
      { config: { port: 8081 } },
      { path: 'spec.config', message: 'port, httpPort and grpcPort must be distinct' },
    ],
    [
      'equal HTTP and gRPC ports',
      { config: { httpPort: 9000, grpcPort: 9000 } },
      { path: 'spec.config', message: 'port, httpPort and grpcPort must be distinct' },
    ],
    [
      'tracing without an endpoint',
      { observability: { tracing: { enabled: true } } },
      { path: 'spec.observability.tracing.endpoint', message: 'endpoint is required when tracing is enabled' },
    ],
    [
      'a repeated tenantId',
      { multiTenancy: { tenantOverrides: [{ tenantId: 'a', quotas: {} }, { tenantId: 'b', quotas: {} }, { tenantId: 'a', quotas: {} }] } },
      { path: 'spec.multiTenancy.tenantOverrides[2]', message: 'Duplicate value: {"tenantId":"a"}' },
    ],
  ])('%s', (_name, spec, issue) => {
    expect(issuesOf(withSpec(spec))).toEqual([issue]);
  });

  it('accepts what the rules allow', () => {
    expect(issuesOf(withSpec({ security: { tls: { enabled: false, clientAuthRequired: false } } }))).toEqual([]);
    expect(issuesOf(withSpec({ security: { authentication: { enabled: true, method: 'jwt' } } }))).toEqual([]);
    expect(issuesOf(withSpec({ security: { authentication: { enabled: false, method: 'mtls' } } }))).toEqual([]);
    expect(issuesOf(withSpec({ config: { port: 1, httpPort: 2, grpcPort: 3 } }))).toEqual([]);
  });

  it.each([
    ['a name longer than 52 characters', 'a'.repeat(53)],
    ['a name starting with a digit', '1cluster'],
    ['a name with a dot', 'my.cluster'],
  ])('rejects %s, from which the Services and pod labels could not be named', (_name, name) => {
    expect(issuesOf({ ...withSpec({}), metadata: { name } })).toEqual([{ path: '', message: clusterRules[0]!.message }]);
  });

  it('attaches each rule family to the schema object its TypeScript twin checks', () => {
    const cel = (rules: readonly { rule: string }[]) => rules.map(({ rule }) => expect.objectContaining({ rule }));
    const rulesAt = (schema: object) => (schema as { 'x-kubernetes-validations'?: unknown })['x-kubernetes-validations'];
    const { properties } = StreamBusClusterSpec;
    expect(rulesAt(properties.config)).toEqual(cel(configRules));
    expect(rulesAt(properties.security)).toEqual(cel(securityRules));
    expect(rulesAt(properties.security.properties.tls)).toEqual(cel(tlsRules));
    expect(rulesAt(properties.security.properties.authentication)).toEqual(cel(authenticationRules));
    expect(rulesAt(properties.observability.properties.tracing)).toEqual(cel(tracingRules));
    expect(streamBusClusterCrd.versions[0]?.validations).toEqual(cel(clusterRules));
  });
});

describe('the CRD definition', () => {
  it('converts into a structural CRD with the CEL rules, defaults and subresources', () => {
    const crd = toCrd(streamBusClusterCrd);
    const [version] = crd.spec.versions;
    const spec = version?.schema.openAPIV3Schema.properties?.spec;
    expect(crd.metadata.name).toBe('streambusclusters.streambus.io');
    expect(spec?.properties?.replicas).toMatchObject({ type: 'integer', minimum: 0, default: 3 });
    expect(spec?.properties?.security?.properties?.tls?.['x-kubernetes-validations']).toHaveLength(tlsRules.length);
    expect(spec?.properties?.multiTenancy?.properties?.tenantOverrides).toMatchObject({
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['tenantId'],
    });
    expect(version?.schema.openAPIV3Schema['x-kubernetes-validations']).toHaveLength(clusterRules.length);
    expect(version?.subresources).toEqual({
      status: {},
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    });
  });

  it('is namespaced, in its own category, with the short name sbc and a scale subresource', () => {
    expect(streamBusClusterCrd).toMatchObject({
      group: 'streambus.io',
      scope: 'Namespaced',
      names: { kind: 'StreamBusCluster', plural: 'streambusclusters', shortNames: ['sbc'], categories: ['streambus'] },
    });
    expect(streamBusClusterCrd.names.categories).not.toContain('all');
    expect(streamBusClusterCrd.versions[0]?.subresources).toEqual({
      status: true,
      scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
    });
  });

  it('describes every field, for kubectl explain', () => {
    const undescribed: string[] = [];
    const visit = (schema: Record<string, unknown>, path: string) => {
      const properties = schema.properties as Record<string, Record<string, unknown>> | undefined;
      for (const [name, child] of Object.entries(properties ?? {})) {
        const childPath = `${path}.${name}`;
        if (typeof child.description !== 'string') undescribed.push(childPath);
        visit(child, childPath);
        const items = child.items as Record<string, unknown> | undefined;
        if (items) visit(items, `${childPath}[]`);
      }
    };
    visit(StreamBusClusterSpec as unknown as Record<string, unknown>, 'spec');
    expect(undescribed).toEqual([]);
  });
});
