import type { V1NetworkPolicyEgressRule, V1NetworkPolicyPeer, V1ObjectMeta } from '@kubernetes/client-node';
import {
  Affinity,
  Defaulted,
  type CelRule,
  celValidations,
  withCelRules,
  ConditionsSchema,
  type CustomResourceDefinitionInput,
  PodAnnotations,
  PodLabels,
  operatorAnnotations,
  parseQuantity,
  Tolerations,
} from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { requiredWhenEnabled } from '../../support/cross-field-rules.ts';
import { BoundedResourceRequirements } from '../../support/schemas.ts';


export const GROUP = 'cyclone.dev';
export const VERSION = 'v1';
export const API_VERSION = `${GROUP}/${VERSION}`;
export const KIND = 'CycloneApp';
export const PLURAL = 'cycloneapps';
export const SINGULAR = 'cycloneapp';
export const SHORT_NAMES = ['cya'];
export const CATEGORIES = ['cyclone'];

const annotations = operatorAnnotations(GROUP);
/** `"true"` stops every change to the app's children until the annotation is removed. */
export const PAUSE_RECONCILIATION_ANNOTATION = annotations.pause;
/** Any new value forces a reconcile. */
export const FORCE_RECONCILE_ANNOTATION = annotations.forceReconcile;

/** `app.kubernetes.io/name` of every child. */
export const APP_NAME = 'cyclone-web';
export const COMPONENT = 'web';
export const PART_OF = 'cyclone';
export const MANAGED_BY = 'cyclone-operator';
/** The image repository the default image comes from; `version` picks the tag. */
export const DEFAULT_IMAGE_REPOSITORY = 'cyclone/cyclone-web';
/** Pods, or namespaces, labelled with this and "true" may scrape the metrics port when the NetworkPolicy is on. */
export const METRICS_ACCESS_LABEL = `${GROUP}/metrics-access`;

// Unknown fields fail validateCycloneApp as kubectl's strict field validation fails them; the CRD
// generator drops the keyword (the API server prunes unknown fields anyway).
const strict = { additionalProperties: false } as const;
const Switch = (description: string, defaultValue: boolean) => Defaulted(Type.Boolean({ default: defaultValue, description }));
const Port = (description: string, defaultPort: number) =>
  Defaulted(Type.Integer({ minimum: 1, maximum: 65535, default: defaultPort, description }));
/** A core/v1 object passed through verbatim; the API server validates it where the operator copies it. */
const PassThrough = <T>(description: string) =>
  Type.Unsafe<T>({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description });

// Every child derives its name from the app's: `<name>-service` must be a DNS-1035 label of at most
// 63 characters (Service names are), hence 55; the seed's `kubectl port-forward svc/<name>-service`
// and `kubectl describe hpa <name>-hpa` rely on those names.
export const MAX_NAME_LENGTH = 55;
export const appRules: readonly CelRule<{ metadata?: { name?: string } }>[] = [
  {
    rule: `self.metadata.name.size() <= ${MAX_NAME_LENGTH} && self.metadata.name.matches('^[a-z]([-a-z0-9]*[a-z0-9])?$')`,
    // No fieldPath: metadata is opaque to the CRD schema, and a fieldPath must name a declared field.
    message: `metadata.name must be a DNS-1035 label (lowercase letters, digits and dashes, starting with a letter) of at most ${MAX_NAME_LENGTH} characters, because the Service <name>-service derives from it`,
    holds: (self) => {
      const name = self.metadata?.name ?? '';
      return name.length <= MAX_NAME_LENGTH && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
    },
  },
];

/** The capability each networking/performance flag needs from a node, as the node label that says a node has it. */
export const CAPABILITY_LABELS = {
  enableRDMA: `${GROUP}/rdma-capable`,
  enableDPDK: `${GROUP}/dpdk-capable`,
  enableXDP: `${GROUP}/xdp-capable`,
  numaAware: `${GROUP}/numa-capable`,
} as const;
/** The taint the seed puts on high-performance nodes; pods that need a capability tolerate it. */
export const HIGH_PERFORMANCE_TAINT = { key: `${GROUP}/high-performance`, operator: 'Equal', value: 'true', effect: 'NoSchedule' } as const;

const capabilityNote = (label: string) =>
  `Pods are scheduled only onto nodes labelled ${label}=true (and tolerate the ${HIGH_PERFORMANCE_TAINT.key} taint); when no node carries the label, the NodeCapabilities condition says so.`;

export const networkingSchema = Type.Object(
  {
    enableRDMA: Switch(`RDMA acceleration. ${capabilityNote(CAPABILITY_LABELS.enableRDMA)}`, true),
    enableDPDK: Switch(`DPDK packet processing. ${capabilityNote(CAPABILITY_LABELS.enableDPDK)}`, true),
    enableXDP: Switch(`XDP protection (packet filtering in the kernel driver). ${capabilityNote(CAPABILITY_LABELS.enableXDP)}`, true),
    zeroCopy: Switch('Zero-copy sends and receives. Needs no node capability; changing it restarts the pods.', false),
  },
  { ...strict, default: {}, description: 'Network acceleration. Rendered into config.toml [networking]; changing a flag restarts the pods.' },
);

type TlsSettings = { enabled?: boolean; certificateSecret?: string };
export const tlsRules: readonly CelRule<TlsSettings>[] = [requiredWhenEnabled('certificateSecret', 'certificateSecret is required when tls.enabled is true')];

export const tlsSchema = withCelRules(Type.Object(
  {
    enabled: Switch('Serve the application port over TLS. The metrics port stays plain HTTP.', false),
    certificateSecret: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 253,
        description: "Secret of type kubernetes.io/tls (tls.crt, tls.key) in the app's namespace, mounted read-only; required when enabled.",
      }),
    ),
  },
  { ...strict, default: {}, description: 'TLS of the application port.' },
), tlsRules);

type AutoscalingSettings = { enabled?: boolean; minReplicas?: number; maxReplicas?: number };
export const autoscalingRules: readonly CelRule<AutoscalingSettings>[] = [
  {
    rule: '!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas',
    message: 'minReplicas must not exceed maxReplicas',
    fieldPath: '.minReplicas',
    holds: ({ minReplicas, maxReplicas }) => minReplicas === undefined || maxReplicas === undefined || minReplicas <= maxReplicas,
  },
];

export const DEFAULT_MAX_REPLICAS = 10;

export const autoscalingSchema = withCelRules(Type.Object(
  {
    enabled: Switch(
      'Create a HorizontalPodAutoscaler (<name>-hpa) that scales on CPU and on requests per second; the operator then leaves the Deployment\'s replica count to it. replicas: 0 stops the app and removes the autoscaler.',
      true,
    ),
    minReplicas: Type.Optional(Type.Integer({ minimum: 1, description: 'Fewest replicas the autoscaler keeps. Unset: replicas.' })),
    maxReplicas: Type.Optional(
      Type.Integer({ minimum: 1, description: `Most replicas the autoscaler runs. Unset: the larger of ${DEFAULT_MAX_REPLICAS} and minReplicas.` }),
    ),
    targetCPUUtilizationPercentage: Defaulted(
      Type.Integer({ minimum: 1, maximum: 100, default: 70, description: 'Average CPU use, in percent of the CPU request, the autoscaler aims at.' }),
    ),
    targetRPS: Type.Optional(
      Type.Integer({
        minimum: 1,
        description:
          'Requests per second per pod the autoscaler aims at, through the Pods metric http_requests_per_second (served by a custom metrics adapter such as prometheus-adapter). Unset: spec.targetRPS divided by replicas, rounded up.',
      }),
    ),
  },
  { ...strict, description: 'Horizontal autoscaling. Without this block there is no autoscaler and spec.replicas sets the pod count; with it, enabled defaults to true.' },
), autoscalingRules);

export const circuitBreakerSchema = Type.Object(
  {
    enabled: Switch('Stop sending requests to a failing dependency until it recovers.', true),
    failureThreshold: Defaulted(Type.Integer({ minimum: 1, default: 5, description: 'Consecutive failures that open the circuit.' })),
    successThreshold: Defaulted(
      Type.Integer({ minimum: 1, default: 2, description: 'Consecutive successes, while half-open, that close the circuit again.' }),
    ),
    timeoutSeconds: Defaulted(
      Type.Integer({ minimum: 1, default: 60, description: 'Seconds the circuit stays open before it lets a trial request through.' }),
    ),
  },
  { ...strict, default: {}, description: 'Circuit breaker. Rendered into config.toml [circuit_breaker]; the application reloads it without a restart.' },
);

export const HUGEPAGE_SIZES = ['2Mi', '1Gi'] as const;

export const hugepagesMountSchema = Type.Object(
  {
    mountPath: Type.String({ minLength: 1, pattern: '^/', description: 'Where the hugepages volume is mounted in the container, e.g. /dev/hugepages.' }),
    mountPropagation: Type.Optional(
      Type.Enum(['None', 'HostToContainer'], {
        description: 'Mount propagation of the volume. Bidirectional is not offered: it needs a privileged container.',
      }),
    ),
    pageSize: Type.Optional(
      Type.Enum([...HUGEPAGE_SIZES], {
        description: 'Page size of the volume (medium HugePages-<size>). Unset: the one hugepages-<size> resource the app requests.',
      }),
    ),
  },
  { ...strict, description: 'A hugepages volume (emptyDir with medium HugePages) mounted into the container.' },
);

type SecuritySettings = {
  runAsNonRoot?: boolean;
  runAsUser?: number;
  seccompProfile?: { type?: string; localhostProfile?: string };
};
export const securityContextRules: readonly CelRule<SecuritySettings>[] = [
  {
    rule: '!has(self.runAsNonRoot) || !self.runAsNonRoot || !has(self.runAsUser) || self.runAsUser != 0',
    message: 'runAsUser 0 is root, which runAsNonRoot: true forbids',
    fieldPath: '.runAsUser',
    holds: (self) => !self.runAsNonRoot || self.runAsUser !== 0,
  },
  {
    rule: "!has(self.seccompProfile) || !has(self.seccompProfile.type) || self.seccompProfile.type != 'Localhost' || has(self.seccompProfile.localhostProfile)",
    message: 'seccompProfile.localhostProfile is required when seccompProfile.type is Localhost',
    fieldPath: '.seccompProfile.localhostProfile',
    holds: ({ seccompProfile }) => seccompProfile?.type !== 'Localhost' || seccompProfile.localhostProfile !== undefined,
  },
];

const APP_UID = 65534;

export const securityContextSchema = withCelRules(Type.Object(
  {
    runAsNonRoot: Switch('Refuse to start a container whose user is root.', true),
    runAsUser: Defaulted(Type.Integer({ minimum: 0, default: APP_UID, description: 'User the container runs as (65534: nobody).' })),
    runAsGroup: Type.Optional(Type.Integer({ minimum: 0, description: 'Group the container runs as. Unset: runAsUser.' })),
    fsGroup: Type.Optional(Type.Integer({ minimum: 0, description: 'Group that owns the mounted volumes. Unset: runAsUser.' })),
    allowPrivilegeEscalation: Switch('Let a process gain more privileges than its parent (setuid binaries). Restricted Pod Security forbids it.', false),
    readOnlyRootFilesystem: Switch('Mount the root filesystem read-only; /tmp is an emptyDir.', true),
    capabilities: Defaulted(
      Type.Object(
        {
          add: Type.Optional(
            Type.Array(Type.String({ minLength: 1 }), {
              description:
                'Capabilities to add, e.g. IPC_LOCK for RDMA memory registration, NET_ADMIN and BPF for XDP. Anything but NET_BIND_SERVICE breaks restricted Pod Security.',
            }),
          ),
          drop: Defaulted(Type.Array(Type.String({ minLength: 1 }), { default: ['ALL'], description: 'Capabilities to drop.' })),
        },
        { ...strict, default: {}, description: 'Linux capabilities of the container.' },
      ),
    ),
    seccompProfile: Defaulted(
      Type.Object(
        {
          type: Defaulted(
            Type.Enum(['RuntimeDefault', 'Localhost', 'Unconfined'], { default: 'RuntimeDefault', description: 'Which seccomp profile the pod runs under.' }),
          ),
          localhostProfile: Type.Optional(Type.String({ minLength: 1, description: "Profile file, relative to the kubelet's seccomp directory; for type Localhost." })),
        },
        { ...strict, default: {}, description: 'Seccomp profile of the pod.' },
      ),
    ),
    hugepages: Type.Optional(
      Type.Array(hugepagesMountSchema, {
        description: 'Hugepages volumes to mount; each needs a hugepages-<size> resource in resources.',
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['mountPath'],
      }),
    ),
  },
  {
    ...strict,
    default: {},
    description:
      'Security settings of the pod and its container. The defaults meet the restricted Pod Security Standard: non-root (65534), no privilege escalation, every capability dropped, seccomp RuntimeDefault, read-only root filesystem.',
  },
), securityContextRules);

export const performanceSchema = Type.Object(
  {
    numaAware: Switch(
      `NUMA-aware placement: the pod gets Guaranteed QoS (requests equal to limits, whole CPUs), so the kubelet's static CPU manager pins it to exclusive cores of one NUMA node, and config.toml pins one worker thread per core. Needs resources.limits.cpu (a whole number) and resources.limits.memory. ${capabilityNote(CAPABILITY_LABELS.numaAware)}`,
      false,
    ),
  },
  { ...strict, default: {}, description: 'CPU placement.' },
);

export const rollbackSchema = Type.Object(
  {
    automatic: Switch(
      'When a new version does not become available within progressDeadlineSeconds, roll the Deployment back to the last known-good version (status.lastKnownGoodVersion) and say so in status and an Event. spec keeps the version asked for; changing it tries again.',
      false,
    ),
  },
  { ...strict, default: {}, description: 'What happens when a rollout fails.' },
);

// prometheus-operator's own pattern for a Duration; a Go duration such as 1m30s fits it too.
const PROMETHEUS_DURATION = '^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$';

type TracingSettings = { enabled?: boolean; endpoint?: string };
export const tracingRules: readonly CelRule<TracingSettings>[] = [requiredWhenEnabled('endpoint', 'endpoint is required when tracing is enabled')];

export const observabilitySchema = Type.Object(
  {
    metrics: Defaulted(
      Type.Object(
        {
          serviceMonitor: Switch(
            "Create a prometheus-operator ServiceMonitor for the metrics port, when its CRD is served (the ServiceMonitor condition says when it was skipped).",
            true,
          ),
          interval: Defaulted(Type.String({ minLength: 1, pattern: PROMETHEUS_DURATION, default: '30s', description: 'Scrape interval, e.g. 30s or 1m.' })),
          serviceMonitorLabels: Type.Optional(
            Type.Record(Type.String(), Type.String(), {
              description: 'Extra labels on the ServiceMonitor, so that your Prometheus selects it (e.g. release: kube-prometheus-stack).',
            }),
          ),
        },
        { ...strict, default: {}, description: 'Prometheus metrics, served on metricsPort at /metrics.' },
      ),
    ),
    logging: Defaulted(
      Type.Object(
        {
          level: Defaulted(Type.Enum(['trace', 'debug', 'info', 'warn', 'error'], { default: 'info', description: 'Log level.' })),
          format: Defaulted(Type.Enum(['json', 'text'], { default: 'json', description: 'Structured (json) or human-readable (text) logs on stdout.' })),
        },
        { ...strict, default: {}, description: 'Application logs. Rendered into config.toml [logging]; reloaded without a restart.' },
      ),
    ),
    tracing: Defaulted(
      withCelRules(Type.Object(
        {
          enabled: Switch('Export OpenTelemetry traces.', false),
          endpoint: Type.Optional(Type.String({ minLength: 1, description: 'OTLP gRPC endpoint, host:port; required when enabled.' })),
          samplingRate: Defaulted(Type.Number({ minimum: 0, maximum: 1, default: 0.1, description: 'Fraction of requests traced, from 0 to 1.' })),
        },
        {
          ...strict,
          default: {},
          description: 'Distributed tracing. Rendered into config.toml [tracing]; reloaded without a restart.',
        },
      ), tracingRules),
    ),
  },
  { ...strict, default: {}, description: 'Metrics, logs and traces of the application.' },
);

export const networkPolicySchema = Type.Object(
  {
    enabled: Switch(
      `Create the NetworkPolicy <name>-policy: ingress to the application port only from ingressFrom, to the metrics port only from pods or namespaces labelled ${METRICS_ACCESS_LABEL}=true; egress only to DNS and egressTo. Pods on hostNetwork are outside most network plugins' reach.`,
      false,
    ),
    ingressFrom: Defaulted(
      Type.Array(PassThrough<V1NetworkPolicyPeer>('A NetworkPolicyPeer (podSelector, namespaceSelector, ipBlock).'), {
        default: [{ namespaceSelector: { matchLabels: { name: 'ingress-nginx' } } }],
        description: 'Who may reach the application port. Default: the namespace labelled name=ingress-nginx, as the seed\'s policy has it. An empty list admits every source.',
      }),
    ),
    egressTo: Type.Optional(
      Type.Array(PassThrough<V1NetworkPolicyEgressRule>('A NetworkPolicyEgressRule (to, ports).'), {
        description: 'Egress allowed besides DNS, e.g. the backends the app calls. Unset: DNS only.',
      }),
    ),
  },
  { ...strict, default: {}, description: 'Network isolation of the pods.' },
);

// The tables of config.toml the operator renders from typed fields; spec.config may not set them,
// so nothing in config.toml has two sources inside the CycloneApp.
export const RESERVED_CONFIG_TABLES = ['server', 'networking', 'limits', 'circuit_breaker', 'tls', 'performance', 'logging', 'tracing', 'metrics'] as const;

export const configRules: readonly CelRule<Record<string, unknown>>[] = [
  {
    rule: `self.all(key, !(key in [${RESERVED_CONFIG_TABLES.map((table) => `'${table}'`).join(', ')}]))`,
    message: `config may not set ${RESERVED_CONFIG_TABLES.join(', ')}: those tables of config.toml come from the typed fields (port, networking, circuitBreaker, tls, ...)`,
    holds: (self) => Object.keys(self).every((key) => !(RESERVED_CONFIG_TABLES as readonly string[]).includes(key)),
  },
];

export const configSchema = withCelRules(Type.Record(Type.String({ minLength: 1, maxLength: 63 }), PassThrough<Record<string, unknown>>('A table of config.toml: its keys and values, nested tables included.'), {
  maxProperties: 64,
  description:
    "The application's own settings, as tables of config.toml after the operator's, e.g. {cache: {size_mb: 512}}. The application reloads them without a restart. A hand edit of the ConfigMap <name>-config is kept until the CycloneApp's configuration changes (docs/cyclone.md, Configuration).",
}), configRules);

type Resources = { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
type SpecForRules = {
  port?: number;
  metricsPort?: number;
  replicas?: number;
  resources?: Resources;
  performance?: { numaAware?: boolean };
  securityContext?: { hugepages?: unknown[] };
  autoscaling?: AutoscalingSettings;
};

const HUGEPAGES_PREFIX = 'hugepages-';
const hasHugepages = (list: Record<string, unknown> | undefined) => Object.keys(list ?? {}).some((name) => name.startsWith(HUGEPAGES_PREFIX));
const quantityOf = (value: string | number | undefined): number | undefined => (value === undefined ? undefined : parseQuantity(value));
/**
 * The CEL rule's test, in TypeScript: Kubernetes' quantity(...).isInteger() holds for integers with a
 * non-negative scale (4, "4", "2k"), but not for "4000m", which the rule admits by its spelling.
 */
export function isWholeCpuCount(cpu: string | number): boolean {
  if (typeof cpu === 'number') return Number.isInteger(cpu);
  return /^[0-9]+([kMGTPE]|[KMGTPE]i|[eE]\+?[0-9]+)?$/.test(cpu) || /^[0-9]+000m$/.test(cpu);
}

export const specRules: readonly CelRule<SpecForRules>[] = [
  {
    rule: '!has(self.port) || !has(self.metricsPort) || self.port != self.metricsPort',
    message: 'port and metricsPort must differ',
    fieldPath: '.metricsPort',
    holds: ({ port, metricsPort }) => port === undefined || metricsPort === undefined || port !== metricsPort,
  },
  {
    rule:
      "!has(self.securityContext) || !has(self.securityContext.hugepages) || size(self.securityContext.hugepages) == 0 || (has(self.resources) && ((has(self.resources.limits) && self.resources.limits.exists(k, k.startsWith('hugepages-'))) || (has(self.resources.requests) && self.resources.requests.exists(k, k.startsWith('hugepages-')))))",
    message: 'securityContext.hugepages needs a hugepages-<size> amount in resources.limits or resources.requests',
    fieldPath: '.securityContext.hugepages',
    holds: ({ securityContext, resources }) =>
      (securityContext?.hugepages ?? []).length === 0 || hasHugepages(resources?.limits) || hasHugepages(resources?.requests),
  },
  {
    rule:
      "!has(self.performance) || !has(self.performance.numaAware) || !self.performance.numaAware || (has(self.resources) && has(self.resources.limits) && 'cpu' in self.resources.limits && 'memory' in self.resources.limits && (quantity(string(self.resources.limits['cpu'])).isInteger() || string(self.resources.limits['cpu']).matches('^[0-9]+000m$')))",
    message: 'performance.numaAware needs resources.limits.cpu as a whole number of CPUs and resources.limits.memory: exclusive cores need Guaranteed QoS',
    fieldPath: '.resources.limits',
    holds: ({ performance, resources }) => {
      if (!performance?.numaAware) return true;
      const cpu = resources?.limits?.cpu;
      return cpu !== undefined && isWholeCpuCount(cpu) && resources?.limits?.memory !== undefined;
    },
  },
  {
    rule:
      "!has(self.performance) || !has(self.performance.numaAware) || !self.performance.numaAware || !has(self.resources) || !has(self.resources.requests) || !has(self.resources.limits) || ['cpu', 'memory'].all(r, !(r in self.resources.requests) || !(r in self.resources.limits) || quantity(string(self.resources.requests[r])).compareTo(quantity(string(self.resources.limits[r]))) == 0)",
    message: 'performance.numaAware needs resources.requests equal to resources.limits for cpu and memory (Guaranteed QoS); leave the requests out to get the limits',
    fieldPath: '.resources.requests',
    holds: ({ performance, resources }) => {
      if (!performance?.numaAware) return true;
      return (['cpu', 'memory'] as const).every((name) => {
        const request = quantityOf(resources?.requests?.[name]);
        const limit = quantityOf(resources?.limits?.[name]);
        return request === undefined || limit === undefined || Math.abs(request - limit) < 1e-9 * Math.max(1, limit);
      });
    },
  },
  {
    rule:
      '!has(self.autoscaling) || !has(self.autoscaling.enabled) || !self.autoscaling.enabled || has(self.autoscaling.minReplicas) || !has(self.autoscaling.maxReplicas) || !has(self.replicas) || self.replicas <= self.autoscaling.maxReplicas',
    message: 'autoscaling.maxReplicas must be at least replicas, which is the default of autoscaling.minReplicas',
    fieldPath: '.autoscaling.maxReplicas',
    holds: ({ autoscaling, replicas }) =>
      !autoscaling?.enabled ||
      autoscaling.minReplicas !== undefined ||
      autoscaling.maxReplicas === undefined ||
      replicas === undefined ||
      replicas <= autoscaling.maxReplicas,
  },
];

export const CycloneAppSpec = withCelRules(Type.Object(
  {
    version: Defaulted(
      Type.String({
        minLength: 1,
        maxLength: 63,
        pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$',
        default: 'latest',
        description:
          'Cyclone version, e.g. 2.0.0. Picks the default image (cyclone/cyclone-web:v<version>, or :latest), labels the pods app.kubernetes.io/version, and is what status.lastKnownGoodVersion records. Changing it rolls out with zero downtime.',
      }),
    ),
    image: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'Container image. Unset: cyclone/cyclone-web:v<version> (cyclone/cyclone-web:latest for version latest).',
      }),
    ),
    imagePullPolicy: Type.Optional(
      Type.Enum(['Always', 'IfNotPresent', 'Never'], { description: "When the kubelet pulls the image. Unset: Kubernetes' default (Always for :latest)." }),
    ),
    replicas: Defaulted(
      Type.Integer({
        minimum: 0,
        default: 3,
        description:
          'Number of pods. With autoscaling enabled this is the default of autoscaling.minReplicas and the autoscaler sets the actual count; 0 stops the app.',
      }),
    ),
    targetRPS: Defaulted(
      Type.Integer({
        minimum: 1,
        default: 2000000,
        description: 'Requests per second the whole app is sized for. Rendered into config.toml [limits]; the default per-pod autoscaling target derives from it.',
      }),
    ),
    maxConnections: Type.Optional(
      Type.Integer({ minimum: 1, description: "Concurrent connections each pod accepts. Rendered into config.toml [limits]; unset: the application's default." }),
    ),
    port: Port('Application port (Service port http, or https with TLS).', 3000),
    metricsPort: Port('Metrics port: /metrics and the health probes, plain HTTP (Service port metrics).', 9090),
    networking: Defaulted(networkingSchema),
    resources: Type.Optional(
      BoundedResourceRequirements({
        description:
          'CPU, memory and hugepages (hugepages-2Mi, hugepages-1Gi) of the container. Kubernetes needs hugepages requests equal to limits: the pod requests the limit.',
      }),
    ),
    tls: Defaulted(tlsSchema),
    autoscaling: Type.Optional(autoscalingSchema),
    circuitBreaker: Defaulted(circuitBreakerSchema),
    performance: Defaulted(performanceSchema),
    securityContext: Defaulted(securityContextSchema),
    affinity: Type.Optional(
      Affinity({
        description:
          'Scheduling affinity of the pods (core/v1 Affinity). The operator adds the node labels the networking and performance flags need to every required node selector term.',
      }),
    ),
    tolerations: Type.Optional(
      Tolerations({ description: `Taints the pods tolerate; the operator adds the ${HIGH_PERFORMANCE_TAINT.key} toleration when a flag needs a node capability.` }),
    ),
    hostNetwork: Switch(
      "Run the pods in the node's network namespace, for maximum performance: each node then runs at most one pod (the ports are the node's), NetworkPolicies mostly do not apply, and restricted Pod Security is not met. Use carefully.",
      false,
    ),
    dnsPolicy: Type.Optional(
      Type.Enum(['ClusterFirst', 'ClusterFirstWithHostNet', 'Default'], {
        description: 'DNS policy of the pods. Unset: ClusterFirstWithHostNet on hostNetwork (so cluster DNS names still resolve), ClusterFirst otherwise.',
      }),
    ),
    progressDeadlineSeconds: Defaulted(
      Type.Integer({
        minimum: 1,
        default: 600,
        description: 'Seconds a rollout may go without progress before the app is Degraded (and, with rollback.automatic, rolled back).',
      }),
    ),
    rollback: Defaulted(rollbackSchema),
    observability: Defaulted(observabilitySchema),
    networkPolicy: Defaulted(networkPolicySchema),
    config: Type.Optional(configSchema),
    podAnnotations: Type.Optional(PodAnnotations({ description: 'Annotations added to every pod.' })),
    podLabels: Type.Optional(PodLabels({ description: "Labels added to every pod; the operator's app and app.kubernetes.io/* labels win over these." })),
  },
  { ...strict, default: {}, description: 'Desired state of a Cyclone application.' },
), specRules);

export const PHASES = ['Pending', 'Creating', 'Running', 'Updating', 'Degraded', 'RolledBack', 'Failed'] as const;

const releaseFields = (what: string) => ({
  version: Type.String({ description: `The version ${what}.` }),
  image: Type.String({ description: `The image ${what}.` }),
});

export const CycloneAppStatus = Type.Object(
  {
    phase: Type.Optional(
      Type.Enum([...PHASES], {
        description:
          'Pending: no pod can run yet (nothing created, or no node can take the pods). Creating: first rollout. Running: every pod ready on the desired version. Updating: a rollout or scaling is in progress. Degraded: pods unready after the app ran, or a rollout past its deadline. RolledBack: the desired version failed and the last known-good one runs. Failed: the spec cannot be realised (see the Ready condition).',
      }),
    ),
    conditions: Type.Optional(
      ConditionsSchema({ description: 'Ready, Progressing and Degraded; NodeCapabilities, ServiceMonitor, PerformanceMetrics, ConfigOverridden and Paused when relevant.' }),
    ),
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation this status describes.' })),
    replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods of the Deployment.' })),
    readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods that are ready.' })),
    selector: Type.Optional(Type.String({ description: 'Label selector of the pods (for the scale subresource and the autoscaler).' })),
    version: Type.Optional(Type.String({ description: 'The version the Deployment runs: spec.version, or lastKnownGoodVersion after a rollback.' })),
    lastKnownGoodVersion: Type.Optional(Type.String({ description: 'The last version whose rollout became available; what an automatic rollback returns to.' })),
    lastKnownGoodImage: Type.Optional(Type.String({ description: 'The image of lastKnownGoodVersion.' })),
    rollback: Type.Optional(
      Type.Object(
        {
          failed: Type.Object(releaseFields('whose rollout did not become available'), { ...strict, description: 'The release that failed.' }),
          restored: Type.Object(releaseFields('rolled back to'), { ...strict, description: 'The last known-good release it was rolled back to.' }),
          time: Type.String({ format: 'date-time', description: 'When the operator rolled back.' }),
          message: Type.String({ description: 'Why.' }),
        },
        { ...strict, description: 'The automatic rollback in force: present while spec still asks for the failed release.' },
      ),
    ),
    performance: Type.Optional(
      Type.Object(
        {
          currentRPS: Type.Optional(Type.Integer({ minimum: 0, description: 'Requests per second the app serves, from Prometheus (cyclone_app_requests_total).' })),
          latencyP95: Type.Optional(
            Type.String({ description: '95th percentile request latency, e.g. 5ms, from Prometheus (cyclone_app_request_duration_seconds).' }),
          ),
          lastUpdateTime: Type.Optional(Type.String({ format: 'date-time', description: 'When these figures last moved beyond the tolerance and were written.' })),
        },
        { ...strict, description: 'Performance figures; empty unless the operator runs with --prometheus-url (see the PerformanceMetrics condition).' },
      ),
    ),
    networking: Type.Optional(
      Type.Object(
        { activeConnections: Type.Optional(Type.Integer({ minimum: 0, description: 'Open connections over all pods (cyclone_app_active_connections).' })) },
        { ...strict, description: 'Network figures from Prometheus.' },
      ),
    ),
  },
  { ...strict, description: 'Observed state of the Cyclone application, written by the operator.' },
);

/** ObjectMeta is the API server's; only its shape as a TypeScript type matters here. */
const ObjectMeta = Type.Unsafe<V1ObjectMeta>(Type.Object({}, { additionalProperties: true }));

export const CycloneAppSchema = Type.Object(
  {
    apiVersion: Type.Literal(API_VERSION),
    kind: Type.Literal(KIND),
    metadata: ObjectMeta,
    spec: CycloneAppSpec,
    status: Type.Optional(CycloneAppStatus),
  },
  { ...strict, description: 'A Cyclone application: its Deployment, Service, configuration, autoscaler and policies.' },
);

export type CycloneAppSpec = Static<typeof CycloneAppSpec>;
export type CycloneAppStatus = Static<typeof CycloneAppStatus>;
export type CycloneApp = Static<typeof CycloneAppSchema>;
export type AppPhase = (typeof PHASES)[number];
export type NetworkingFlag = keyof typeof networkingSchema.properties;
export type CapabilityFlag = keyof typeof CAPABILITY_LABELS;

/** The CustomResourceDefinition, for toCrd: the chart's CRD file is generated from it. */
export const cycloneAppCrd: CustomResourceDefinitionInput = {
  group: GROUP,
  names: { kind: KIND, plural: PLURAL, singular: SINGULAR, shortNames: SHORT_NAMES, categories: CATEGORIES },
  scope: 'Namespaced',
  description: 'A Cyclone application: its Deployment, Service, configuration, autoscaler and policies.',
  versions: [
    {
      name: VERSION,
      spec: CycloneAppSpec,
      status: CycloneAppStatus,
      validations: celValidations(appRules),
      subresources: {
        status: true,
        scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
      },
      printerColumns: [
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
        { name: 'Version', type: 'string', jsonPath: '.status.version' },
        { name: 'Replicas', type: 'integer', jsonPath: '.status.replicas' },
        { name: 'Ready', type: 'integer', jsonPath: '.status.readyReplicas' },
        { name: 'RPS', type: 'integer', jsonPath: '.status.performance.currentRPS' },
        { name: 'P95', type: 'string', jsonPath: '.status.performance.latencyP95' },
        { name: 'Connections', type: 'integer', jsonPath: '.status.networking.activeConnections', priority: 1 },
        { name: 'Known-Good', type: 'string', jsonPath: '.status.lastKnownGoodVersion', priority: 1 },
        { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    },
  ],
};
