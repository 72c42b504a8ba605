import type { V1ObjectMeta } from '@kubernetes/client-node';
import {
  Affinity,
  celValidations,
  ConditionsSchema,
  Defaulted,
  type CelRule,
  type CustomResourceDefinitionInput,
  type Stored,
  NodeSelector,
  operatorAnnotations,
  PodAnnotations,
  PodLabels,
  ProgressDeadlineSeconds,
  ProgressMarkSchema,
  Quantity,
  ResourceRequirements,
  Tolerations,
  withCelRules,
} from '@operators/k8s-common';
import Type, { type Static } from 'typebox';

export const GROUP = 'streambus.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'StreamBusCluster';
export const PLURAL = 'streambusclusters';
export const SINGULAR = 'streambuscluster';
export const SHORT_NAMES = ['sbc'];
export const CATEGORIES = ['streambus'];

const annotations = operatorAnnotations(GROUP);
/** `"true"` stops every change to the cluster's children until the annotation is removed. */
export const PAUSE_RECONCILIATION_ANNOTATION = annotations.pause;
/** Any new value forces a reconcile. */
export const FORCE_RECONCILE_ANNOTATION = annotations.forceReconcile;
/** On the broker pod template: the hash of broker.yaml, so a config change rolls the brokers. */
export const CONFIG_HASH_ANNOTATION = `${GROUP}/config-hash`;

/** `app.kubernetes.io/name` of every child; the seed's `kubectl get pods -l app.kubernetes.io/name=streambus-broker` relies on it. */
export const APP_NAME = 'streambus-broker';
export const COMPONENT = 'broker';
export const PART_OF = 'streambus';
export const MANAGED_BY = 'streambus-operator';
/** Tells the client Service from the headless one, which otherwise carry the same labels (a ServiceMonitor must pick one). */
export const SERVICE_ROLE_LABEL = `${GROUP}/service`;
/** Pods, or namespaces, carrying this label with value "true" may scrape broker metrics when network policies are on. */
export const METRICS_ACCESS_LABEL = `${GROUP}/metrics-access`;

// Unknown fields fail validateStreamBusCluster as kubectl's strict field validation fails them; the
// CRD generator drops the keyword (the API server prunes unknown fields anyway).
const strict = { additionalProperties: false } as const;
const StringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });
const Port = (description: string, defaultPort: number) =>
  Defaulted(Type.Integer({ minimum: 1, maximum: 65535, default: defaultPort, description }));
const Switch = (description: string, defaultValue = false) =>
  Defaulted(Type.Boolean({ default: defaultValue, description }));
const SecretName = (description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 253, description }));

// Names the brokers derive from the cluster's: `<name>-headless` must be a DNS-1035 label of at most
// 63 characters, and every StatefulSet pod carries `controller-revision-hash: <name>-<10 chars>`, a
// label value of at most 63, hence 52.
export const clusterRules: readonly CelRule<{ metadata?: { name?: string } }>[] = [
  {
    rule: "self.metadata.name.size() <= 52 && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    // No fieldPath: metadata is opaque to the CRD schema, and a fieldPath must name a declared field.
    message: 'metadata.name must be a DNS-1035 label (lowercase letters, digits and dashes, starting with a letter) of at most 52 characters, because the broker Services and pod labels derive from it',
    holds: (self) => {
      const name = self.metadata?.name ?? '';
      return name.length <= 52 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
    },
  },
];

export const imageSchema = Type.Object(
  {
    repository: Defaulted(Type.String({ minLength: 1, default: 'streambus/broker', description: 'Image repository of the broker.' })),
    tag: Defaulted(
      Type.String({
        minLength: 1,
        default: 'v0.6.0',
        description: 'Image tag of the broker, or a digest (sha256:...). Changing it rolls the brokers one at a time.',
      }),
    ),
    pullPolicy: Defaulted(
      Type.Enum(['Always', 'IfNotPresent', 'Never'], { default: 'IfNotPresent', description: 'When the kubelet pulls the image.' }),
    ),
  },
  { ...strict, default: {}, description: 'Container image of the brokers.' },
);

export const storageSchema = Type.Object(
  {
    class: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          "StorageClass of the data and Raft volumes; unset uses the cluster's default StorageClass. Cannot change after creation (volume claim templates are immutable).",
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'storage.class is immutable: the brokers\' volumes already exist in their StorageClass' }],
      }),
    ),
    size: Defaulted(
      Quantity({
        default: '10Gi',
        description: "Size of each broker's data volume (PVC data-<cluster>-<ordinal>). Cannot change after creation (volume claim templates are immutable); expand the PVCs themselves where the StorageClass allows it.",
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'storage.size is immutable: volume claim templates cannot change; expand the PVCs data-<cluster>-<ordinal> directly' }],
      }),
    ),
    raftSize: Defaulted(
      Quantity({
        default: '5Gi',
        description: "Size of each broker's Raft log volume (PVC raft-<cluster>-<ordinal>). Cannot change after creation, like size.",
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'storage.raftSize is immutable: volume claim templates cannot change; expand the PVCs raft-<cluster>-<ordinal> directly' }],
      }),
    ),
    deleteClaimsOnScaleDown: Switch('Delete the volumes of brokers removed by a scale-down. By default they are kept, and reused on scale-up.'),
    deleteClaimsOnDelete: Switch('Delete every broker volume when the StreamBusCluster is deleted. By default data outlives the cluster.'),
  },
  {
    ...strict,
    default: {},
    description: 'Persistent volumes of the brokers: one for data, one for the Raft log.',
    // `self == oldSelf` on class itself runs only when class is set before and after; adding or
    // removing it would pass admission and then fail every StatefulSet apply (422), blocking all later changes.
    'x-kubernetes-validations': [
      {
        rule: 'has(self.class) == has(oldSelf.class)',
        message: "spec.storage.class cannot be added or removed after creation: the brokers' volumes already exist in their StorageClass",
        fieldPath: '.class',
      },
    ],
  },
);

type PortsConfig = { port?: number; httpPort?: number; grpcPort?: number };
export const configRules: readonly CelRule<PortsConfig>[] = [
  {
    // The guard is for the API server's check of `config: {}` (the default) against this rule, which
    // it runs without the nested defaults; real objects always have the three ports by then.
    rule:
      '!(has(self.port) && has(self.httpPort) && has(self.grpcPort)) || (self.port != self.httpPort && self.port != self.grpcPort && self.httpPort != self.grpcPort)',
    message: 'port, httpPort and grpcPort must be distinct',
    holds: ({ port, httpPort, grpcPort }) =>
      port === undefined || httpPort === undefined || grpcPort === undefined || (port !== httpPort && port !== grpcPort && httpPort !== grpcPort),
  },
];

export const configSchema = withCelRules(
  Type.Object(
    {
      logLevel: Defaulted(
        Type.Enum(['debug', 'info', 'warn', 'error'], {
          default: 'info',
          description: 'Log level of the brokers; observability.logging.level overrides it when set.',
        }),
      ),
      port: Port('Client port of the brokers (Service port "client").', 9092),
      httpPort: Port('HTTP port of the brokers: health probes (/health/live, /health/ready) and /metrics (Service port "http").', 8081),
      grpcPort: Port('gRPC port of the brokers (Service port "grpc").', 9093),
    },
    { ...strict, default: {}, description: 'Broker configuration, rendered into broker.yaml.' },
  ),
  configRules,
);

type TlsSettings = { enabled?: boolean; certSecretName?: string; caSecretName?: string; clientAuthRequired?: boolean };
export const tlsRules: readonly CelRule<TlsSettings>[] = [
  {
    rule: '!has(self.enabled) || !self.enabled || has(self.certSecretName)',
    message: 'certSecretName is required when TLS is enabled',
    fieldPath: '.certSecretName',
    holds: (self) => !self.enabled || self.certSecretName !== undefined,
  },
  {
    rule: '!has(self.clientAuthRequired) || !self.clientAuthRequired || has(self.caSecretName)',
    message: 'caSecretName is required when clientAuthRequired is true: client certificates are verified against that CA',
    fieldPath: '.caSecretName',
    holds: (self) => !self.clientAuthRequired || self.caSecretName !== undefined,
  },
];

const AuthenticationMethod = (description: string) => Type.Enum(['mtls', 'jwt'], { description });

type AuthenticationSettings = { enabled?: boolean; method?: string; allowedMethods?: string[] };
export const authenticationRules: readonly CelRule<AuthenticationSettings>[] = [
  {
    rule: '!has(self.enabled) || !self.enabled || has(self.method)',
    message: 'method is required when authentication is enabled',
    fieldPath: '.method',
    holds: (self) => !self.enabled || self.method !== undefined,
  },
  {
    rule: '!has(self.method) || !has(self.allowedMethods) || self.method in self.allowedMethods',
    message: 'method must be one of allowedMethods',
    fieldPath: '.method',
    holds: (self) => self.method === undefined || self.allowedMethods === undefined || self.allowedMethods.includes(self.method),
  },
];

type SecuritySettings = { tls?: TlsSettings; authentication?: AuthenticationSettings };
export const securityRules: readonly CelRule<SecuritySettings>[] = [
  {
    rule:
      "!(has(self.authentication) && has(self.authentication.enabled) && self.authentication.enabled && ((has(self.authentication.method) && self.authentication.method == 'mtls') || (has(self.authentication.allowedMethods) && 'mtls' in self.authentication.allowedMethods))) || (has(self.tls) && has(self.tls.enabled) && self.tls.enabled)",
    message: 'mtls authentication needs tls.enabled: client certificates are only presented over TLS',
    fieldPath: '.authentication.method',
    holds: ({ authentication, tls }) => {
      const usesMtls = authentication?.method === 'mtls' || (authentication?.allowedMethods ?? []).includes('mtls');
      return !(authentication?.enabled && usesMtls) || tls?.enabled === true;
    },
  },
];

export const securitySchema = withCelRules(
  Type.Object(
    {
      tls: Defaulted(
        withCelRules(
          Type.Object(
            {
              enabled: Switch('Serve the client and gRPC ports over TLS.'),
              certSecretName: SecretName(
                'Secret (type kubernetes.io/tls: tls.crt, tls.key) with the brokers\' certificate, mounted read-only; required when enabled.',
              ),
              caSecretName: SecretName('Secret with ca.crt, the CA that signs client certificates; required when clientAuthRequired.'),
              clientAuthRequired: Switch('Reject clients that do not present a certificate signed by the CA of caSecretName.'),
            },
            { ...strict, default: {}, description: 'TLS of the broker ports.' },
          ),
          tlsRules,
        ),
      ),
      authentication: Defaulted(
        withCelRules(
          Type.Object(
            {
              enabled: Switch('Require clients to authenticate.'),
              method: Type.Optional(AuthenticationMethod('Primary authentication method: mtls (client certificates, needs TLS) or jwt.')),
              allowedMethods: Type.Optional(
                Type.Array(AuthenticationMethod('An accepted authentication method.'), {
                  uniqueItems: true,
                  description: 'Every method the brokers accept; defaults to method alone.',
                }),
              ),
            },
            {
              ...strict,
              default: {},
              description: 'Client authentication.',
            },
          ),
          authenticationRules,
        ),
      ),
      authorization: Defaulted(
        Type.Object(
          {
            enabled: Switch('Check every request against the ACLs.'),
            defaultPolicy: Defaulted(
              Type.Enum(['allow', 'deny'], { default: 'deny', description: 'Decision for a request that no ACL matches.' }),
            ),
          },
          { ...strict, default: {}, description: 'Authorization of client requests.' },
        ),
      ),
    },
    {
      ...strict,
      default: {},
      description: 'TLS, authentication and authorization of the brokers.',
    },
  ),
  securityRules,
);

const Quota = (description: string) => Type.Optional(Type.Integer({ minimum: 0, description }));
export const tenantQuotasSchema = (description: string) =>
  Type.Object(
    {
      maxTopics: Quota('Topics a tenant may create.'),
      maxPartitionsPerTopic: Quota('Partitions of each of the tenant\'s topics.'),
      maxConnections: Quota('Concurrent client connections of the tenant.'),
      maxBandwidthMBps: Quota('Produce plus consume bandwidth of the tenant, in MB/s.'),
      maxStorageGB: Quota('Storage the tenant\'s topics may use, in GB.'),
      maxMessagesPerSecond: Quota('Messages per second the tenant may produce.'),
    },
    { ...strict, description },
  );

export const multiTenancySchema = Type.Object(
  {
    enabled: Switch('Separate clients into tenants with their own quotas.'),
    isolation: Defaulted(
      Type.Object(
        {
          networkPolicies: Switch(
            `Create NetworkPolicies that admit only: the cluster's own brokers on every broker port, pods of the same namespace on the client and gRPC ports, and pods or namespaces labelled ${METRICS_ACCESS_LABEL}=true on the HTTP (metrics) port.`,
          ),
          resourceQuotas: Switch('Enforce the tenant quotas (topics, partitions, connections, storage).'),
          rateLimiting: Switch('Enforce the tenant rate limits (bandwidth, messages per second).'),
        },
        { ...strict, default: {}, description: 'Which isolation features are on.' },
      ),
    ),
    defaultQuotas: Type.Optional(tenantQuotasSchema('Quotas of every tenant without an override; an unset quota is unlimited.')),
    tenantOverrides: Type.Optional(
      Type.Array(
        Type.Object(
          {
            tenantId: Type.String({ minLength: 1, description: 'The tenant these quotas apply to; unique in the list.' }),
            quotas: tenantQuotasSchema('Quotas of this tenant; an unset quota falls back to defaultQuotas.'),
          },
          strict,
        ),
        {
          description: 'Per-tenant quotas that replace defaultQuotas field by field.',
          // A list map makes the API server reject a repeated tenantId (naming it) and lets server-side
          // apply merge entries by tenant; a CEL rule would cost O(n²) for the same guarantee.
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['tenantId'],
        },
      ),
    ),
  },
  { ...strict, default: {}, description: 'Multi-tenancy: tenant quotas, rate limits and isolation.' },
);

// prometheus-operator's own pattern for a Duration; a Go duration such as 1m30s fits it too.
const PROMETHEUS_DURATION = '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';

type TracingSettings = { enabled?: boolean; endpoint?: string };
export const tracingRules: readonly CelRule<TracingSettings>[] = [
  {
    rule: '!has(self.enabled) || !self.enabled || has(self.endpoint)',
    message: 'endpoint is required when tracing is enabled',
    fieldPath: '.endpoint',
    holds: (self) => !self.enabled || self.endpoint !== undefined,
  },
];

export const observabilitySchema = Type.Object(
  {
    metrics: Defaulted(
      Type.Object(
        {
          enabled: Switch('Serve Prometheus metrics at /metrics on httpPort.', true),
          serviceMonitor: Switch(
            'Create a prometheus-operator ServiceMonitor for the brokers (only when its CRD is installed; the Ready conditions say when it was skipped).',
          ),
          serviceMonitorLabels: Type.Optional(
            StringMap('Extra labels on the ServiceMonitor, so that your Prometheus selects it (e.g. release: kube-prometheus-stack).'),
          ),
          interval: Defaulted(
            Type.String({ pattern: PROMETHEUS_DURATION, minLength: 1, default: '30s', description: 'Scrape interval, e.g. 30s or 1m.' }),
          ),
          perTenantMetrics: Switch('Label broker metrics with the tenant, one series per tenant.'),
        },
        { ...strict, default: {}, description: 'Prometheus metrics of the brokers.' },
      ),
    ),
    tracing: Defaulted(
      withCelRules(
        Type.Object(
          {
            enabled: Switch('Export OpenTelemetry traces.'),
            endpoint: Type.Optional(Type.String({ minLength: 1, description: 'OTLP gRPC endpoint, host:port; required when enabled.' })),
            samplingRate: Defaulted(
              Type.Number({ minimum: 0, maximum: 1, default: 0.1, description: 'Fraction of requests traced, from 0 to 1.' }),
            ),
            includeTenantId: Switch('Add the tenant id to every span.'),
          },
          { ...strict, default: {}, description: 'Distributed tracing.' },
        ),
        tracingRules,
      ),
    ),
    logging: Defaulted(
      Type.Object(
        {
          level: Type.Optional(
            Type.Enum(['debug', 'info', 'warn', 'error'], { description: 'Log level; overrides config.logLevel when set.' }),
          ),
          format: Defaulted(Type.Enum(['json', 'text'], { default: 'json', description: 'Structured (json) or human-readable (text) logs.' })),
          includeTenantContext: Switch('Add the tenant id to every log line.'),
          auditLog: Defaulted(
            Type.Object(
              {
                enabled: Switch('Write an audit log of authentication, authorization and administrative requests.'),
                level: Defaulted(
                  Type.Enum(['basic', 'detailed'], {
                    default: 'basic',
                    description: 'basic: who did what; detailed: also the request parameters.',
                  }),
                ),
              },
              { ...strict, default: {}, description: 'Audit log.' },
            ),
          ),
        },
        { ...strict, default: {}, description: 'Broker logs.' },
      ),
    ),
  },
  { ...strict, default: {}, description: 'Metrics, tracing and logging.' },
);

export const StreamBusClusterSpec = Type.Object(
  {
    replicas: Defaulted(
      Type.Integer({
        minimum: 0,
        default: 3,
        description: 'Number of brokers. 0 stops every broker and keeps their volumes.',
      }),
    ),
    progressDeadlineSeconds: Defaulted(
      ProgressDeadlineSeconds({
        description:
          'Seconds a rollout may wait on the same step (a broker to become ready, to be scheduled, to be created) before the Degraded condition turns True with reason ProgressDeadlineExceeded, naming the broker. Default 600, as for Deployments.',
      }),
    ),
    image: Defaulted(imageSchema),
    resources: Type.Optional(ResourceRequirements({ description: 'CPU and memory requests and limits of each broker container.' })),
    storage: Defaulted(storageSchema),
    config: Defaulted(configSchema),
    security: Defaulted(securitySchema),
    multiTenancy: Defaulted(multiTenancySchema),
    observability: Defaulted(observabilitySchema),
    affinity: Type.Optional(
      Affinity({
        description:
          'Scheduling affinity of the broker pods (core/v1 Affinity). When unset, the operator prefers, without requiring, one broker per node.',
      }),
    ),
    nodeSelector: Type.Optional(NodeSelector({ description: 'Node labels a broker\'s node must have.' })),
    tolerations: Type.Optional(Tolerations({ description: 'Taints the brokers tolerate.' })),
    podAnnotations: Type.Optional(PodAnnotations({ description: 'Annotations added to every broker pod.' })),
    podLabels: Type.Optional(
      PodLabels({ description: 'Labels added to every broker pod; the operator\'s app.kubernetes.io/* labels win over these.' }),
    ),
  },
  { ...strict, description: 'Desired state of a StreamBus broker cluster.' },
);

export const PHASES = ['Pending', 'Creating', 'Running', 'Updating', 'Degraded', 'Failed'] as const;

export const StreamBusClusterStatus = Type.Object(
  {
    phase: Type.Optional(
      Type.Enum([...PHASES], {
        description:
          'Pending: nothing created yet. Creating: first rollout. Running: every broker ready on the desired revision. Updating: a rollout or scaling is in progress. Degraded: brokers unready after the cluster ran. Failed: the spec cannot be realised (see the Ready condition).',
      }),
    ),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded; ServiceMonitor and Paused when relevant.' })),
    replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Broker pods that exist.' })),
    readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Broker pods that are ready.' })),
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation this status describes.' })),
    endpoints: Type.Optional(
      Type.Array(Type.String(), { description: 'Client addresses of the brokers, <cluster>-<ordinal>.<cluster>-headless.<namespace>.svc:<port>.' }),
    ),
    selector: Type.Optional(Type.String({ description: 'Label selector of the broker pods (for the scale subresource).' })),
    rollout: Type.Optional(
      Type.Object(
        {
          broker: Type.Optional(Type.String({ description: 'The broker being rolled, or the next one to roll.' })),
          reason: Type.String({ description: 'Why the rollout rolls or waits.' }),
          message: Type.String({ description: 'Human-readable details.' }),
        },
        { ...strict, description: 'The broker-by-broker rollout in progress; absent when every broker runs the desired revision.' },
      ),
    ),
    progress: Type.Optional(ProgressMarkSchema({ description: 'What the operator waits on, and since when: spec.progressDeadlineSeconds counts from here.' })),
  },
  { ...strict, description: 'Observed state of the StreamBus cluster, written by the operator.' },
);

/** ObjectMeta is the API server's; only its shape as a TypeScript type matters here. */
const ObjectMeta = Type.Unsafe<V1ObjectMeta>(Type.Object({}, { additionalProperties: true }));

// The root rules go into the CRD as the version's `validations`; here they are kept for celRuleIssues.
export const StreamBusClusterSchema = withCelRules(
  Type.Object(
    {
      apiVersion: Type.Literal(API_VERSION),
      kind: Type.Literal(KIND),
      metadata: ObjectMeta,
      spec: StreamBusClusterSpec,
      status: Type.Optional(StreamBusClusterStatus),
    },
    { ...strict, description: 'A StreamBus cluster: brokers in a StatefulSet, their Services, configuration and policies.' },
  ),
  clusterRules,
);

export type StreamBusClusterSpec = Static<typeof StreamBusClusterSpec>;
export type StreamBusClusterStatus = Static<typeof StreamBusClusterStatus>;
export type StreamBusCluster = Static<typeof StreamBusClusterSchema>;
/** A StreamBusCluster as the API server stores it: every field with a schema default present. */
export type DefaultedStreamBusCluster = Stored<typeof StreamBusClusterSchema>;
export type DefaultedStreamBusClusterSpec = DefaultedStreamBusCluster['spec'];
export type ClusterPhase = (typeof PHASES)[number];

/** The CustomResourceDefinition, for toCrd: the chart's CRD file is generated from it. */
export const streamBusClusterCrd: CustomResourceDefinitionInput = {
  group: GROUP,
  names: { kind: KIND, plural: PLURAL, singular: SINGULAR, shortNames: SHORT_NAMES, categories: CATEGORIES },
  scope: 'Namespaced',
  description: 'A StreamBus cluster: brokers in a StatefulSet, their Services, configuration and policies.',
  versions: [
    {
      name: VERSION,
      spec: StreamBusClusterSpec,
      status: StreamBusClusterStatus,
      validations: celValidations(clusterRules),
      subresources: {
        status: true,
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
      },
      printerColumns: [
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Ready', type: 'integer', jsonPath: '.status.readyReplicas' },
        { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    },
  ],
};
