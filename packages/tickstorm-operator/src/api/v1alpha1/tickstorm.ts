import type {
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyPeer,
  V1ObjectMeta,
  V1PodSecurityContext,
  V1SecurityContext,
} from '@kubernetes/client-node';
import {
  celValidations,
  ConditionsSchema,
  type CustomResourceDefinitionInput,
  Defaulted,
  Duration,
  IntOrString,
  NodeSelector,
  PodAnnotations,
  PodLabels,
  Quantity,
  Tolerations,
  withCelRules,
} from '@operators/k8s-common';
import Type, { type Static, type TSchemaOptions } from 'typebox';
import type { CrossFieldRule } from '../../support/cross-field-rule.ts';
import { compareQuantities, quantityValue } from '../../support/quantity.ts';
import { GOMEMLIMIT_FRACTION } from '../../runtime/runtime-settings.ts';
import { limitRangeRules, quotaRules, type RuleSpec } from './capacity-rules.ts';
import { RESERVED_CONFIG_KEYS } from './config-keys.ts';

export const GROUP = 'tickstorm.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'TickStorm';
export const PLURAL = 'tickstorms';
export const SINGULAR = 'tickstorm';
export const SHORT_NAMES = ['ts'];
export const CATEGORIES = ['tickstorm'];

/** Any new value makes the operator reconcile the TickStorm at once (as `kubectl annotate --overwrite ... =$(date +%s)`). */
export const FORCE_RECONCILE_ANNOTATION = `${GROUP}/force-reconcile`;
/** `"true"` stops every change to the TickStorm's children until the annotation is removed. */
export const PAUSE_RECONCILIATION_ANNOTATION = `${GROUP}/pause-reconciliation`;
/** On the pod template: the hash of the ConfigMap's data, so a config change rolls the pods (env from a ConfigMap is read once, at start). */
export const CONFIG_HASH_ANNOTATION = `${GROUP}/config-hash`;
/**
 * On the Deployment while autoscaling is on: `autoscaler`, saying that replicas was handed over to
 * the HPA. Its absence on a live Deployment that the spec now autoscales tells the reconciler to
 * hand the field over first (see controllers/replicas-handoff.ts).
 */
export const REPLICAS_FROM_ANNOTATION = `${GROUP}/replicas-from`;
export const REPLICAS_FROM_AUTOSCALER = 'autoscaler';
/** On the auth Secret the operator generated, so that it is never mistaken for (or overwrites) one the user made. */
export const GENERATED_SECRET_ANNOTATION = `${GROUP}/generated`;

/** `app.kubernetes.io/name` of every child. */
export const APP_NAME = 'tick-storm';
export const COMPONENT = 'server';
export const PART_OF = 'tick-storm';
export const MANAGED_BY = 'tickstorm-operator';
/** Tells the client Service from the headless one, which otherwise carry the same labels (a ServiceMonitor must pick one). */
export const SERVICE_ROLE_LABEL = `${GROUP}/service`;

/** Window in which OOMKills and other resource restarts are counted for the ResourcePressure condition. */
export const RESOURCE_PRESSURE_WINDOW_MINUTES = 10;

// Unknown fields fail validateTickStorm as kubectl's strict field validation fails them; the CRD
// generator drops the keyword (the API server prunes unknown fields anyway).
const strict = { additionalProperties: false } as const;
const StringMap = (description: string, options: TSchemaOptions = {}) =>
  Type.Record(Type.String(), Type.String(), { description, ...options });
const Port = (description: string, defaultPort: number) =>
  Defaulted(Type.Integer({ minimum: 1, maximum: 65535, default: defaultPort, description }));
const Switch = (description: string, defaultValue = false) => Defaulted(Type.Boolean({ default: defaultValue, description }));
const SecretName = (description: string) =>
  Type.String({ minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$', description });
const Count = (description: string, options: { minimum?: number; maximum?: number; default: number }) =>
  Defaulted(Type.Integer({ minimum: 0, ...options, description }));
// Quantities are short (the longest sensible one, 123456789012345678901234567890Mi, has 32
// characters); a bound is what lets the API server accept the cost of the CEL rules that parse them.
const QUANTITY_MAX_LENGTH = 64;
const BoundedQuantity = (options: TSchemaOptions = {}) => Quantity({ maxLength: QUANTITY_MAX_LENGTH, ...options });
/** A preserve-unknown object copied verbatim into a child; the API server validates it there. */
const Verbatim = <T>(description: string, options: TSchemaOptions = {}) =>
  Type.Unsafe<T>({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description, ...options });

// Names the operator derives from the TickStorm's: the Services `<name>-service` and `<name>-headless`
// must be DNS-1035 labels of at most 63 characters, hence 54; every other child name is shorter.
export const tickStormRules: readonly CrossFieldRule<{ metadata?: { name?: string } }>[] = [
  {
    rule: "self.metadata.name.size() <= 54 && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')",
    // No fieldPath: metadata is opaque to the CRD schema, and a fieldPath must name a declared field.
    message:
      'metadata.name must be a DNS-1035 label (lowercase letters, digits and dashes, starting with a letter) of at most 54 characters, because the Services <name>-service and <name>-headless derive from it',
    holds: (self) => {
      const name = self.metadata?.name ?? '';
      return name.length <= 54 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
    },
  },
];

export const imageSchema = Type.Object(
  {
    repository: Defaulted(Type.String({ minLength: 1, default: 'tickstorm', description: 'Image repository of the Tick-Storm server.' })),
    tag: Defaulted(
      Type.String({
        minLength: 1,
        default: 'latest',
        description: 'Image tag, or a digest (sha256:...). Changing it rolls the Deployment. With the default pull policy a moving tag such as latest is pulled once per node only.',
      }),
    ),
    pullPolicy: Defaulted(
      Type.Enum(['Always', 'IfNotPresent', 'Never'], { default: 'IfNotPresent', description: 'When the kubelet pulls the image.' }),
    ),
  },
  { ...strict, default: {}, description: 'Container image of the server (the seed: tickstorm:latest).' },
);

const ResourceList = (description: string, defaults: { cpu: string; memory: string; ephemeralStorage: string }) =>
  Type.Object(
    {
      cpu: Defaulted(BoundedQuantity({ default: defaults.cpu, description: `CPU, e.g. ${defaults.cpu} (${defaults.cpu === '2000m' ? '2 cores' : 'millicores'}).` })),
      memory: Defaulted(BoundedQuantity({ default: defaults.memory, description: `Memory, e.g. ${defaults.memory}.` })),
      'ephemeral-storage': Defaulted(
        BoundedQuantity({ default: defaults.ephemeralStorage, description: `Ephemeral storage (logs, emptyDir volumes such as /tmp), e.g. ${defaults.ephemeralStorage}.` }),
      ),
    },
    { ...strict, default: {}, description },
  );

type ResourceRequirements = { requests?: Record<string, string | number | undefined>; limits?: Record<string, string | number | undefined> };
const RESOURCE_NAMES = [
  { name: 'cpu', cel: 'cpu' },
  { name: 'memory', cel: 'memory' },
  // CEL spells a dash in a field name this way.
  { name: 'ephemeral-storage', cel: 'ephemeral__dash__storage' },
] as const;

export const resourcesRules: readonly CrossFieldRule<ResourceRequirements>[] = RESOURCE_NAMES.map(({ name, cel }) => ({
  rule: `!has(self.requests) || !has(self.limits) || !has(self.requests.${cel}) || !has(self.limits.${cel}) || quantity(string(self.requests.${cel})).compareTo(quantity(string(self.limits.${cel}))) <= 0`,
  message: `requests.${name} must not exceed limits.${name}`,
  fieldPath: cel === name ? `.requests.${name}` : `.requests['${name}']`,
  holds: (self: ResourceRequirements) => {
    const request = self.requests?.[name];
    const limit = self.limits?.[name];
    return request === undefined || limit === undefined || compareQuantities(request, limit) <= 0;
  },
}));

export const resourcesSchema = withCelRules(
Type.Object(
  {
    requests: Defaulted(ResourceList('What the scheduler reserves for each pod; each field defaults to the seed\'s value.', { cpu: '500m', memory: '1Gi', ephemeralStorage: '500Mi' })),
    limits: Defaulted(
      ResourceList(
        'The most each pod may use; each field defaults to the seed\'s value. GOMAXPROCS, GOMEMLIMIT and the memory ulimit are derived from these unless set in runtime and ulimits.',
        { cpu: '2000m', memory: '2Gi', ephemeralStorage: '1Gi' },
      ),
    ),
  },
  {
    ...strict,
    default: {},
    description: 'CPU, memory and ephemeral storage requests and limits of the server container. A change re-derives the runtime settings and rolls the pods once.',
  },
),
  resourcesRules,
);

type GogcValue = string | number | undefined;
export const gogcRules: readonly CrossFieldRule<GogcValue>[] = [
  {
    rule: "type(self) == int ? self >= 0 : self == 'off'",
    message: "runtime.gogc must be a non-negative integer or 'off'",
    holds: (self) => self === undefined || (typeof self === 'number' ? Number.isInteger(self) && self >= 0 : self === 'off'),
  },
];

export const runtimeSchema = Type.Object(
  {
    gomaxprocs: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1024,
        description: 'GOMAXPROCS. Unset: derived from resources.limits.cpu rounded up to whole cores, at least 1 (2000m → 2, 1500m → 2, 250m → 1).',
      }),
    ),
    gomemlimit: Type.Optional(
      BoundedQuantity({
        description: `GOMEMLIMIT, the Go runtime's soft memory limit, as a quantity (1400Mi, 1.4G). Unset: ${GOMEMLIMIT_FRACTION * 100}% of resources.limits.memory, rounded down to MiB (2Gi → 1433MiB), leaving headroom for what the Go heap does not count. Must be below resources.limits.memory.`,
      }),
    ),
    gogc: Defaulted(
      withCelRules(
        IntOrString({
          default: 100,
          description: "GOGC: the garbage collector's target heap growth in percent, or 'off' (collect only when GOMEMLIMIT is reached).",
        }),
        gogcRules,
      ),
    ),
  },
  { ...strict, default: {}, description: 'Go runtime tuning. What is unset is derived from resources.limits; status.effectiveRuntime shows the values applied and where each came from.' },
);

export const ulimitsSchema = Type.Object(
  {
    maxOpenFiles: Defaulted(
      Type.Integer({ minimum: 1024, default: 65536, description: 'ULIMIT_MAX_OPEN_FILES: the hard limit of open file descriptors (each client connection holds one). The server refuses less than 1024.' }),
    ),
    maxMemorySize: Type.Optional(
      BoundedQuantity({
        description:
          'ULIMIT_MAX_MEMORY_SIZE: the address-space limit (RLIMIT_AS) the server sets on itself, as a quantity (1.5Gi or 1610612736). Unset: 75% of resources.limits.memory (2Gi → 1610612736, the seed\'s 1.5GB), or halfway between GOMEMLIMIT and the limit when GOMEMLIMIT is above 75%. Must lie between GOMEMLIMIT and resources.limits.memory.',
      }),
    ),
    maxCpuTime: Defaulted(
      Type.Integer({
        minimum: 0,
        default: 7200,
        description: 'ULIMIT_MAX_CPU_TIME in seconds of CPU time (RLIMIT_CPU); the kernel stops the process when it has used this much, and the container restarts (status: ResourcePressure). 0: unlimited.',
      }),
    ),
    maxStackSize: Defaulted(BoundedQuantity({ default: '8Mi', description: 'ULIMIT_MAX_STACK_SIZE (RLIMIT_STACK), e.g. 8Mi (8388608 bytes). 0: unlimited.' })),
    maxCoreSize: Defaulted(BoundedQuantity({ default: 0, description: 'ULIMIT_MAX_CORE_SIZE (RLIMIT_CORE); 0, the default, disables core dumps as the seed does.' })),
  },
  { ...strict, default: {}, description: 'OS-level limits the server applies to itself at start (setrlimit), passed as ULIMIT_* environment variables.' },
);

type ConfigData = Record<string, string>;
const CONFIG_KEY_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const configRules: readonly CrossFieldRule<ConfigData | undefined>[] = [
  {
    rule: `self.all(k, k.matches('${CONFIG_KEY_PATTERN}'))`,
    message: 'config keys must be lowercase words joined by dashes, such as log-level: each becomes the environment variable of the same name in upper case (LOG_LEVEL)',
    holds: (self) => Object.keys(self ?? {}).every((key) => new RegExp(CONFIG_KEY_PATTERN).test(key)),
  },
  {
    rule: `self.all(k, !(k in [${RESERVED_CONFIG_KEYS.map((key) => `'${key}'`).join(', ')}]))`,
    message: `config must not set ${RESERVED_CONFIG_KEYS.join(', ')}: the operator sets these variables from runtime, ulimits, auth, tls and service`,
    holds: (self) => Object.keys(self ?? {}).every((key) => !RESERVED_CONFIG_KEYS.includes(key)),
  },
];

export const authSchema = Type.Object(
  {
    secretName: Type.Optional(
      SecretName('An existing Secret with the credentials, under usernameKey and passwordKey. Unset: the operator generates <name>-auth once, with a random password, and never changes it.'),
    ),
    usernameKey: Defaulted(Type.String({ minLength: 1, maxLength: 253, default: 'username', description: 'Key of the username in the Secret (AUTH_USERNAME).' })),
    passwordKey: Defaulted(Type.String({ minLength: 1, maxLength: 253, default: 'password', description: 'Key of the password in the Secret (AUTH_PASSWORD).' })),
    username: Defaulted(
      Type.String({ minLength: 1, maxLength: 253, default: 'admin', description: 'Username written into the generated Secret; not used with secretName.' }),
    ),
    deleteGeneratedSecretOnDelete: Switch(
      'Delete the generated Secret with the TickStorm. By default it outlives the TickStorm (it has no owner reference), so clients keep working after a re-create.',
    ),
  },
  { ...strict, default: {}, description: 'Credentials clients authenticate with (AUTH_USERNAME, AUTH_PASSWORD). Never logged by the operator.' },
);

type TlsSettings = { secretName?: string; certificate?: unknown; clientAuth?: string; clientCASecretName?: string };
export const tlsRules: readonly CrossFieldRule<TlsSettings>[] = [
  {
    rule: 'has(self.secretName) != has(self.certificate)',
    message: 'tls needs exactly one of secretName (a Secret you manage) and certificate (cert-manager issues one)',
    holds: (self) => (self.secretName !== undefined) !== (self.certificate !== undefined),
  },
  {
    rule: "!has(self.clientAuth) || self.clientAuth == 'none' || has(self.clientCASecretName)",
    message: 'clientCASecretName is required when clientAuth is not none: client certificates are verified against that CA',
    fieldPath: '.clientCASecretName',
    holds: (self) => self.clientAuth === undefined || self.clientAuth === 'none' || self.clientCASecretName !== undefined,
  },
];

export const certificateSchema = Type.Object(
  {
    issuerRef: Type.Object(
      {
        name: Type.String({ minLength: 1, description: 'Name of the cert-manager Issuer or ClusterIssuer.' }),
        kind: Defaulted(Type.Enum(['Issuer', 'ClusterIssuer'], { default: 'Issuer', description: 'Issuer (in the TickStorm\'s namespace) or ClusterIssuer.' })),
        group: Defaulted(Type.String({ minLength: 1, default: 'cert-manager.io', description: 'API group of the issuer; another for external issuers.' })),
      },
      { ...strict, description: 'The issuer that signs the certificate.' },
    ),
    dnsNames: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
        maxItems: 100,
        'x-kubernetes-list-type': 'atomic',
        description: 'Names added to the certificate besides the Service\'s in-cluster names (<name>-service, .<namespace>, .<namespace>.svc, .<namespace>.svc.cluster.local); e.g. the LoadBalancer\'s public name.',
      }),
    ),
    duration: Type.Optional(Duration({ description: 'Lifetime of the certificate, e.g. 2160h; unset: the issuer\'s default (90 days).' })),
    renewBefore: Type.Optional(Duration({ description: 'How long before expiry cert-manager renews it; unset: a third of the lifetime.' })),
  },
  { ...strict, description: 'A cert-manager Certificate writing the Secret <name>-tls (only where cert-manager\'s CRDs are served; the Certificate condition says when not, or that its Secret is awaited: the pods are applied once it exists).' },
);

export const tlsSchema = withCelRules(
Type.Object(
  {
    secretName: Type.Optional(SecretName('An existing Secret of type kubernetes.io/tls (tls.crt, tls.key), mounted read-only at /certs.')),
    certificate: Type.Optional(certificateSchema),
    clientAuth: Defaulted(
      Type.Enum(['none', 'request', 'require', 'verify', 'require_verify'], {
        default: 'none',
        description: 'TLS_CLIENT_AUTH: whether clients present certificates: none, request, require (any certificate), verify (verify if given), require_verify (mutual TLS).',
      }),
    ),
    clientCASecretName: Type.Optional(SecretName('Secret with ca.crt, the CA that signs client certificates (TLS_CLIENT_CA_FILE); required unless clientAuth is none.')),
  },
  { ...strict, description: 'TLS of the client port (TLS 1.3). Unset: plain TCP.' },
),
  tlsRules,
);

export const serviceSchema = Type.Object(
  {
    type: Defaulted(
      Type.Enum(['ClusterIP', 'NodePort', 'LoadBalancer'], { default: 'LoadBalancer', description: 'Type of the Service <name>-service that clients connect to.' }),
    ),
    port: Port('Client port: the server listens on it (LISTEN_PORT) and the Services publish it (port name tcp).', 8080),
    annotations: Type.Optional(
      StringMap('Annotations of <name>-service, e.g. the seed\'s service.beta.kubernetes.io/aws-load-balancer-type: nlb.'),
    ),
    loadBalancerSourceRanges: Type.Optional(
      Type.Array(Type.String({ minLength: 1 }), {
        maxItems: 100,
        'x-kubernetes-list-type': 'atomic',
        description: 'CIDRs allowed to reach a LoadBalancer Service, where the cloud provider supports it.',
      }),
    ),
    externalTrafficPolicy: Type.Optional(
      Type.Enum(['Cluster', 'Local'], { description: 'Local keeps the client\'s source address (for the server\'s IP allowlist) at the cost of uneven spreading; NodePort and LoadBalancer only.' }),
    ),
  },
  { ...strict, default: {}, description: 'The Service clients connect to, and the headless Service <name>-headless that lists every pod.' },
);

// prometheus-operator's own pattern for a Duration; a Go duration such as 1m30s fits it too.
const PROMETHEUS_DURATION = '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';

export const metricsSchema = Type.Object(
  {
    port: Port('Port of the server\'s Prometheus metrics (/metrics), published by <name>-service as port metrics.', 9090),
    serviceMonitor: Defaulted(
      Type.Object(
        {
          enabled: Switch('Create a prometheus-operator ServiceMonitor (only where its CRD is installed; the ServiceMonitor condition says when it was skipped).'),
          interval: Defaulted(Type.String({ pattern: PROMETHEUS_DURATION, minLength: 1, default: '30s', description: 'Scrape interval, e.g. 30s.' })),
          path: Defaulted(Type.String({ pattern: '^/', default: '/metrics', description: 'Path of the metrics endpoint.' })),
          labels: Type.Optional(StringMap('Extra labels on the ServiceMonitor, so that your Prometheus selects it (e.g. release: kube-prometheus-stack).')),
        },
        { ...strict, default: {}, description: 'The ServiceMonitor of the seed\'s Prometheus setup.' },
      ),
    ),
  },
  { ...strict, default: {}, description: 'Prometheus metrics of the server.' },
);

const ScalingPolicy = Type.Object(
  {
    type: Type.Enum(['Pods', 'Percent'], { description: 'Pods: a number of pods; Percent: a share of the current replicas.' }),
    value: Type.Integer({ minimum: 1, description: 'How many pods, or what percentage, may change within periodSeconds.' }),
    periodSeconds: Type.Integer({ minimum: 1, maximum: 1800, description: 'The window the policy applies to.' }),
  },
  { ...strict, description: 'One HPA scaling policy.' },
);

type ScalingPolicy = Static<typeof ScalingPolicy>;
const ScalingRules = (direction: string, defaults: { window: number; selectPolicy: 'Max' | 'Min'; policies: ScalingPolicy[] }) =>
  Type.Object(
    {
      stabilizationWindowSeconds: Defaulted(
        Type.Integer({ minimum: 0, maximum: 3600, default: defaults.window, description: `How long past recommendations are considered before scaling ${direction}.` }),
      ),
      selectPolicy: Defaulted(
        Type.Enum(['Max', 'Min', 'Disabled'], { default: defaults.selectPolicy, description: 'Which policy wins when several allow different changes; Disabled turns this direction off.' }),
      ),
      policies: Defaulted(
        Type.Array(ScalingPolicy, { maxItems: 10, default: defaults.policies, 'x-kubernetes-list-type': 'atomic', description: `How fast to scale ${direction}.` }),
      ),
    },
    { ...strict, default: {}, description: `Scaling ${direction} (HorizontalPodAutoscalerBehavior.scale${direction === 'up' ? 'Up' : 'Down'}); the defaults are the seed's.` },
  );

type AutoscalingSettings = { minReplicas?: number; maxReplicas?: number };
export const autoscalingRules: readonly CrossFieldRule<AutoscalingSettings>[] = [
  {
    rule: '!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas',
    message: 'minReplicas must not exceed maxReplicas',
    fieldPath: '.minReplicas',
    holds: (self) => self.minReplicas === undefined || self.maxReplicas === undefined || self.minReplicas <= self.maxReplicas,
  },
];

export const autoscalingSchema = withCelRules(
Type.Object(
  {
    minReplicas: Count('Fewest pods the HorizontalPodAutoscaler keeps.', { minimum: 1, default: 2 }),
    maxReplicas: Count('Most pods the HorizontalPodAutoscaler creates; namespaceGuard\'s quota must fit this many.', { minimum: 1, default: 10 }),
    targetCPUUtilizationPercentage: Count('Average CPU use, in percent of requests.cpu, the HPA aims for.', { minimum: 1, default: 70 }),
    targetMemoryUtilizationPercentage: Count('Average memory use, in percent of requests.memory, the HPA aims for.', { minimum: 1, default: 80 }),
    behavior: Defaulted(
      Type.Object(
        {
          scaleUp: Defaulted(
            ScalingRules('up', { window: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }, { type: 'Pods', value: 4, periodSeconds: 60 }] }),
          ),
          scaleDown: Defaulted(
            ScalingRules('down', { window: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] }),
          ),
        },
        { ...strict, default: {}, description: 'How fast the HPA scales up and down.' },
      ),
    ),
  },
  {
    ...strict,
    description: 'A HorizontalPodAutoscaler <name>-hpa on CPU and memory. While set, the HPA owns the Deployment\'s replicas and spec.replicas is not used; removing it removes the HPA.',
  },
),
  autoscalingRules,
);

export const disruptionSchema = Type.Object(
  {
    enabled: Switch('Create the PodDisruptionBudget <name>-pdb. It is left out while at most one pod may run, where it would block every node drain.', true),
    minAvailable: Defaulted(
      IntOrString({ default: 1, description: 'Pods that must stay up during voluntary disruptions (node drains), a number or a percentage.' }),
    ),
  },
  { ...strict, default: {}, description: 'The PodDisruptionBudget of the seed: at least one pod available during drains and upgrades.' },
);

const NetworkPolicyPeer = Verbatim<V1NetworkPolicyPeer>('A source of traffic (networking.k8s.io/v1 NetworkPolicyPeer): podSelector, namespaceSelector or ipBlock.');

export const networkPolicySchema = Type.Object(
  {
    metricsFrom: Defaulted(
      Type.Array(NetworkPolicyPeer, {
        maxItems: 50,
        default: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
        'x-kubernetes-list-type': 'atomic',
        description: 'Who may reach the metrics port. Default: the namespace monitoring (by its automatic kubernetes.io/metadata.name label, so no labelling is needed).',
      }),
    ),
    serverFrom: Type.Optional(
      Type.Array(NetworkPolicyPeer, {
        maxItems: 50,
        'x-kubernetes-list-type': 'atomic',
        description: 'Who may reach the client port. Unset: anyone, as the seed allows.',
      }),
    ),
    egress: Defaulted(
      Type.Array(Verbatim<V1NetworkPolicyEgressRule>('An egress rule (networking.k8s.io/v1 NetworkPolicyEgressRule).'), {
        maxItems: 50,
        default: [],
        'x-kubernetes-list-type': 'atomic',
        description: 'Traffic the pods may send. Default: none, as the seed\'s policy (the server only answers connections).',
      }),
    ),
  },
  { ...strict, description: 'The NetworkPolicy <name>-netpol of the seed. Removing it removes the policy.' },
);

const QuantityMap = (description: string) => Type.Record(Type.String(), BoundedQuantity(), { maxProperties: 32, description });

type LimitRangeItemSettings = { type: string; default?: unknown; defaultRequest?: unknown };
export const limitRangeItemRules: readonly CrossFieldRule<LimitRangeItemSettings>[] = [
  {
    rule: "self.type != 'Pod' || (!has(self.default) && !has(self.defaultRequest))",
    message: 'default and defaultRequest apply to Container items only: the API server rejects them on a Pod item',
    holds: (self) => self.type !== 'Pod' || (self.default === undefined && self.defaultRequest === undefined),
  },
];

const LimitRangeItem = withCelRules(
Type.Object(
  {
    type: Type.Enum(['Container', 'Pod', 'PersistentVolumeClaim'], { description: 'What the limits apply to.' }),
    default: Type.Optional(QuantityMap('Limits given to containers that set none.')),
    defaultRequest: Type.Optional(QuantityMap('Requests given to containers that set none.')),
    max: Type.Optional(QuantityMap('Largest limits allowed; resources.limits must fit.')),
    min: Type.Optional(QuantityMap('Smallest requests allowed; resources.requests must reach them.')),
    maxLimitRequestRatio: Type.Optional(QuantityMap('Largest allowed limit / request ratio; resources must keep to it.')),
  },
  { ...strict, description: 'One LimitRange item (core/v1 LimitRangeItem).' },
),
  limitRangeItemRules,
);

const SEED_QUOTA = {
  'requests.cpu': '10',
  'requests.memory': '20Gi',
  'limits.cpu': '20',
  'limits.memory': '40Gi',
  pods: '10',
  persistentvolumeclaims: '5',
  services: '5',
  secrets: '10',
  configmaps: '10',
};

const SEED_LIMIT_RANGE = [
  {
    type: 'Container',
    default: { cpu: '2000m', memory: '2Gi', 'ephemeral-storage': '1Gi' },
    defaultRequest: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '500Mi' },
    max: { cpu: '4000m', memory: '4Gi', 'ephemeral-storage': '2Gi' },
    min: { cpu: '100m', memory: '256Mi', 'ephemeral-storage': '100Mi' },
  },
  // The seed's Pod item also sets default and defaultRequest, which the API server rejects for Pods
  // (the seed's namespace.yaml does not apply); its bounds are kept.
  {
    type: 'Pod',
    max: { cpu: '8000m', memory: '8Gi', 'ephemeral-storage': '4Gi' },
    min: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '500Mi' },
  },
];

export const namespaceGuardSchema = Type.Object(
  {
    resourceQuota: Defaulted(
      Type.Object(
        {
          hard: Defaulted(
            Type.Record(Type.String(), BoundedQuantity(), {
              maxProperties: 32,
              default: SEED_QUOTA,
              description:
                'The quota\'s limits (core/v1 ResourceQuotaSpec.hard); default: the seed\'s. It must fit the most pods the TickStorm runs (autoscaling.maxReplicas, else replicas) times their requests and limits; the rollout leaves out its extra surge pod when the quota has no room for it.',
            }),
          ),
        },
        { ...strict, default: {}, description: 'The ResourceQuota <name>-quota; an empty hard leaves it out.' },
      ),
    ),
    limitRange: Defaulted(
      Type.Object(
        {
          limits: Defaulted(
            Type.Array(LimitRangeItem, {
              maxItems: 16,
              default: SEED_LIMIT_RANGE,
              'x-kubernetes-list-type': 'atomic',
              description: 'The LimitRange\'s items; default: the seed\'s Container and Pod limits. resources must fit within their min and max.',
            }),
          ),
        },
        { ...strict, default: {}, description: 'The LimitRange <name>-limits; an empty list leaves it out.' },
      ),
    ),
  },
  {
    ...strict,
    description:
      'Guard rails for the whole namespace, as the seed\'s namespace.yaml: a ResourceQuota and a LimitRange. They apply to every pod of the namespace, not only to Tick-Storm\'s. Removing it removes both.',
  },
);

export const highAvailabilitySchema = Type.Object(
  {
    zoneSpread: Defaulted(
      Type.Enum(['None', 'AntiAffinity', 'TopologySpread'], {
        default: 'None',
        description:
          'None: prefer one pod per node only (the seed\'s Deployment). AntiAffinity: the seed\'s required zone anti-affinity, at most one pod per zone (more replicas than zones stay Pending). TopologySpread: spread evenly over zones (maxSkew), any number per zone.',
      }),
    ),
    topologyKey: Defaulted(Type.String({ minLength: 1, default: 'topology.kubernetes.io/zone', description: 'Node label that names the zone.' })),
    maxSkew: Count('TopologySpread: the largest allowed difference of pod counts between two zones.', { minimum: 1, default: 1 }),
    whenUnsatisfiable: Defaulted(
      Type.Enum(['DoNotSchedule', 'ScheduleAnyway'], { default: 'DoNotSchedule', description: 'TopologySpread: whether a pod that would break maxSkew waits (DoNotSchedule) or is placed anyway.' }),
    ),
  },
  { ...strict, default: {}, description: 'How the pods are spread over nodes and zones.' },
);

const Probe = (description: string, defaults: { initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; failureThreshold: number }) =>
  Type.Object(
    {
      type: Defaulted(
        Type.Enum(['Exec', 'TCPSocket'], { default: 'Exec', description: 'Exec: run command in the container (the seed). TCPSocket: connect to the client port.' }),
      ),
      command: Defaulted(
        Type.Array(Type.String({ minLength: 1 }), {
          minItems: 1,
          maxItems: 20,
          default: ['/tick-storm', '-health-check'],
          'x-kubernetes-list-type': 'atomic',
          description: 'Exec: the command; exit status 0 is healthy.',
        }),
      ),
      initialDelaySeconds: Count('Seconds after the container starts before the first probe.', { default: defaults.initialDelaySeconds }),
      periodSeconds: Count('Seconds between probes.', { minimum: 1, default: defaults.periodSeconds }),
      timeoutSeconds: Count('Seconds a probe may take.', { minimum: 1, default: defaults.timeoutSeconds }),
      failureThreshold: Count('Failures in a row that count as failed.', { minimum: 1, default: defaults.failureThreshold }),
    },
    { ...strict, default: {}, description },
  );

export const probesSchema = Type.Object(
  {
    startup: Defaulted(
      Probe('Until it succeeds, the other probes wait (the seed: every 5s, up to 30 times).', { initialDelaySeconds: 5, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 30 }),
    ),
    readiness: Defaulted(
      Probe('Whether the pod receives connections (the seed: every 10s).', { initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 3, failureThreshold: 3 }),
    ),
    liveness: Defaulted(
      Probe('Whether the container is restarted (the seed: every 30s).', { initialDelaySeconds: 30, periodSeconds: 30, timeoutSeconds: 5, failureThreshold: 3 }),
    ),
  },
  { ...strict, default: {}, description: 'Health checks of the server container; the defaults are the seed\'s.' },
);

export const securityContextSchema = Type.Object(
  {
    pod: Type.Optional(
      Verbatim<V1PodSecurityContext>(
        'Pod security context fields (core/v1 PodSecurityContext) that replace the defaults field by field: runAsNonRoot true, runAsUser/runAsGroup/fsGroup 65532, seccompProfile RuntimeDefault.',
      ),
    ),
    container: Type.Optional(
      Verbatim<V1SecurityContext>(
        'Container security context fields (core/v1 SecurityContext) that replace the defaults field by field: allowPrivilegeEscalation false, readOnlyRootFilesystem true, runAsNonRoot true, runAsUser/runAsGroup 65532, capabilities drop ALL.',
      ),
    ),
  },
  { ...strict, default: {}, description: 'Overrides of the restricted security defaults (the seed\'s, plus seccomp RuntimeDefault).' },
);

export const specRules: readonly CrossFieldRule<RuleSpec>[] = [
  {
    rule: "!has(self.runtime) || !has(self.runtime.gomemlimit) || quantity(string(self.runtime.gomemlimit)).compareTo(quantity(string(self.resources.limits.memory))) < 0",
    message: 'runtime.gomemlimit must be below resources.limits.memory, or the container is OOMKilled before the Go runtime tries to stay under it',
    fieldPath: '.runtime.gomemlimit',
    holds: (spec) => spec.runtime?.gomemlimit === undefined || compareQuantities(spec.runtime.gomemlimit, spec.resources.limits.memory) < 0,
  },
  {
    rule: `!has(self.ulimits) || !has(self.ulimits.maxMemorySize) || quantity(string(self.ulimits.maxMemorySize)).asApproximateFloat() > (has(self.runtime) && has(self.runtime.gomemlimit) ? quantity(string(self.runtime.gomemlimit)).asApproximateFloat() : ${GOMEMLIMIT_FRACTION} * quantity(string(self.resources.limits.memory)).asApproximateFloat())`,
    message: `ulimits.maxMemorySize must be above GOMEMLIMIT (runtime.gomemlimit, or ${GOMEMLIMIT_FRACTION * 100}% of resources.limits.memory when unset)`,
    fieldPath: '.ulimits.maxMemorySize',
    holds: (spec) => {
      const ulimit = spec.ulimits?.maxMemorySize;
      if (ulimit === undefined) return true;
      const gomemlimit =
        spec.runtime?.gomemlimit !== undefined ? quantityValue(spec.runtime.gomemlimit) : GOMEMLIMIT_FRACTION * quantityValue(spec.resources.limits.memory);
      return quantityValue(ulimit) > gomemlimit;
    },
  },
  {
    rule: '!has(self.ulimits) || !has(self.ulimits.maxMemorySize) || quantity(string(self.ulimits.maxMemorySize)).compareTo(quantity(string(self.resources.limits.memory))) < 0',
    message: 'ulimits.maxMemorySize must be below resources.limits.memory',
    fieldPath: '.ulimits.maxMemorySize',
    holds: (spec) => spec.ulimits?.maxMemorySize === undefined || compareQuantities(spec.ulimits.maxMemorySize, spec.resources.limits.memory) < 0,
  },
  {
    rule: '!has(self.service) || !has(self.metrics) || !has(self.service.port) || !has(self.metrics.port) || self.service.port != self.metrics.port',
    message: 'metrics.port must differ from service.port',
    fieldPath: '.metrics.port',
    holds: (spec) => spec.service?.port === undefined || spec.metrics?.port === undefined || spec.service.port !== spec.metrics.port,
  },
  ...quotaRules,
  ...limitRangeRules,
];

export const TickStormSpec = withCelRules(
Type.Object(
  {
    replicas: Defaulted(
      Type.Integer({
        minimum: 0,
        default: 3,
        description: 'Number of server pods (kubectl scale tickstorm works on it). Not used while autoscaling is set: the HPA decides.',
      }),
    ),
    image: Defaulted(imageSchema),
    resources: Defaulted(resourcesSchema),
    runtime: Defaulted(runtimeSchema),
    ulimits: Defaulted(ulimitsSchema),
    config: Type.Optional(
      withCelRules(
        StringMap(
          'Configuration of the server (the ConfigMap <name>-config, e.g. ip-allowlist, max-connections, log-level). Each key reaches the container as the environment variable of the same name in upper case with underscores (ip-allowlist → IP_ALLOWLIST); a change rolls the pods.',
          { maxProperties: 128 },
        ),
        configRules,
      ),
    ),
    auth: Defaulted(authSchema),
    tls: Type.Optional(tlsSchema),
    service: Defaulted(serviceSchema),
    metrics: Defaulted(metricsSchema),
    autoscaling: Type.Optional(autoscalingSchema),
    disruption: Defaulted(disruptionSchema),
    networkPolicy: Type.Optional(networkPolicySchema),
    namespaceGuard: Type.Optional(namespaceGuardSchema),
    highAvailability: Defaulted(highAvailabilitySchema),
    probes: Defaulted(probesSchema),
    securityContext: Defaulted(securityContextSchema),
    nodeSelector: Defaulted(
      NodeSelector({ default: { 'kubernetes.io/os': 'linux' }, description: 'Node labels a pod\'s node must have (the seed: kubernetes.io/os: linux).' }),
    ),
    tolerations: Type.Optional(Tolerations({ description: 'Taints the pods tolerate, e.g. of nodes dedicated to Tick-Storm.' })),
    podAnnotations: Type.Optional(PodAnnotations({ description: 'Annotations added to every pod.' })),
    podLabels: Type.Optional(PodLabels({ description: 'Labels added to every pod; the operator\'s app.kubernetes.io/* labels win over these.' })),
    terminationGracePeriodSeconds: Count('Seconds a pod has to close its connections after SIGTERM (the server waits up to 30s).', { default: 30 }),
  },
  {
    ...strict,
    description: 'Desired state of a Tick-Storm deployment: the server, its runtime limits, Services, scaling and policies.',
  },
),
  specRules,
);

const RuntimeSetting = (description: string) =>
  Type.Optional(
    Type.Object(
      {
        value: Type.String({ description: 'The value the container receives.' }),
        source: Type.Enum(['Derived', 'Explicit'], { description: 'Derived from resources.limits, or Explicit: from the spec (its default when unset there).' }),
        from: Type.Optional(Type.String({ description: 'How a derived value was computed, e.g. "limits.cpu 2000m rounded up".' })),
      },
      { ...strict, description },
    ),
  );

export const TickStormStatus = Type.Object(
  {
    conditions: Type.Optional(
      ConditionsSchema({ description: 'Ready, Progressing, Degraded and ResourcePressure; ServiceMonitor, Certificate and Paused when relevant.' }),
    ),
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation this status describes.' })),
    replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Server pods that exist (for the scale subresource).' })),
    readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Server pods that are ready.' })),
    selector: Type.Optional(Type.String({ description: 'Label selector of the server pods (for the scale subresource).' })),
    endpoint: Type.Optional(
      Type.String({ description: 'Where clients connect: the LoadBalancer\'s address and port once assigned, else the Service\'s ClusterIP and port.' }),
    ),
    effectiveRuntime: Type.Optional(
      Type.Object(
        {
          gomaxprocs: RuntimeSetting('GOMAXPROCS.'),
          gomemlimit: RuntimeSetting('GOMEMLIMIT.'),
          gogc: RuntimeSetting('GOGC.'),
          ulimits: Type.Optional(
            Type.Object(
              {
                maxOpenFiles: RuntimeSetting('ULIMIT_MAX_OPEN_FILES.'),
                maxMemorySize: RuntimeSetting('ULIMIT_MAX_MEMORY_SIZE, in bytes.'),
                maxCpuTime: RuntimeSetting('ULIMIT_MAX_CPU_TIME, in seconds.'),
                maxStackSize: RuntimeSetting('ULIMIT_MAX_STACK_SIZE, in bytes.'),
                maxCoreSize: RuntimeSetting('ULIMIT_MAX_CORE_SIZE, in bytes.'),
              },
              { ...strict, description: 'The ULIMIT_* variables.' },
            ),
          ),
        },
        { ...strict, description: 'The Go runtime settings and ulimits the pods run with, and where each came from.' },
      ),
    ),
    resourceTerminations: Type.Optional(
      Type.Array(
        Type.Object(
          {
            pod: Type.String({ description: 'The pod.' }),
            container: Type.String({ description: 'The container.' }),
            reason: Type.String({ description: 'OOMKilled, CPUTimeLimit (killed at ulimits.maxCpuTime) or Evicted.' }),
            resource: Type.String({ description: 'The resource that ran out: memory, cpu-time, ephemeral-storage, or the node\'s resource for other evictions.' }),
            finishedAt: Type.String({ format: 'date-time', description: 'When the container ended (or the operator first saw the eviction).' }),
          },
          { ...strict, description: 'A container that ended for a resource reason.' },
        ),
        {
          maxItems: 50,
          'x-kubernetes-list-type': 'atomic',
          description: `Containers that ended for a resource reason in the last ${RESOURCE_PRESSURE_WINDOW_MINUTES} minutes; the ResourcePressure condition counts them.`,
        },
      ),
    ),
  },
  { ...strict, description: 'Observed state of the TickStorm, written by the operator.' },
);

/** ObjectMeta is the API server's; only its shape as a TypeScript type matters here. */
const ObjectMeta = Type.Unsafe<V1ObjectMeta>(Type.Object({}, { additionalProperties: true }));

// The root rules go into the CRD as the version's `validations`; here they are kept for celRuleIssues.
export const TickStormSchema = withCelRules(
  Type.Object(
    {
      apiVersion: Type.Literal(API_VERSION),
      kind: Type.Literal(KIND),
      metadata: ObjectMeta,
      spec: TickStormSpec,
      status: Type.Optional(TickStormStatus),
    },
    { ...strict, description: 'A Tick-Storm TCP stream server: its Deployment, Services, configuration, credentials, scaling and policies.' },
  ),
  tickStormRules,
);

export type TickStormSpec = Static<typeof TickStormSpec>;
export type TickStormStatus = Static<typeof TickStormStatus>;
export type TickStorm = Static<typeof TickStormSchema>;
export type EffectiveRuntimeStatus = NonNullable<TickStormStatus['effectiveRuntime']>;
export type ResourceTermination = NonNullable<TickStormStatus['resourceTerminations']>[number];

/** The CustomResourceDefinition, for toCrd: the chart's CRD file is generated from it. */
export const tickStormCrd: CustomResourceDefinitionInput = {
  group: GROUP,
  names: { kind: KIND, plural: PLURAL, singular: SINGULAR, shortNames: SHORT_NAMES, categories: CATEGORIES },
  scope: 'Namespaced',
  description: 'A Tick-Storm TCP stream server: its Deployment, Services, configuration, credentials, scaling and policies.',
  versions: [
    {
      name: VERSION,
      spec: TickStormSpec,
      status: TickStormStatus,
      validations: celValidations(tickStormRules),
      subresources: {
        status: true,
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
      },
      printerColumns: [
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Replicas', type: 'integer', jsonPath: '.status.replicas' },
        { name: 'Available', type: 'integer', jsonPath: '.status.readyReplicas' },
        { name: 'Endpoint', type: 'string', jsonPath: '.status.endpoint' },
        { name: 'Pressure', type: 'string', jsonPath: '.status.conditions[?(@.type=="ResourcePressure")].status', priority: 1 },
        { name: 'GOMAXPROCS', type: 'string', jsonPath: '.status.effectiveRuntime.gomaxprocs.value', priority: 1 },
        { name: 'GOMEMLIMIT', type: 'string', jsonPath: '.status.effectiveRuntime.gomemlimit.value', priority: 1 },
        { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    },
  ],
};

