import { ConditionsSchema, Defaulted, Duration, withCelRules, type CelRule } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { HpaBehavior, MetricSpecs } from '../../support/schemas.ts';
import { MAX_LABEL_LENGTH, WORKLOAD_PHASES, WORKLOAD_PHASES_DESCRIPTION } from './group.ts';
import { metadataNameRule, observedGenerationSchema, prismCrd, resourceSchema } from './resource.ts';
import { backendSpecProperties, backendSpecRules } from './prismbackend.ts';
import { patternSpecProperties, patternSpecRules } from './prismpattern.ts';
import {
  ImagePullPolicy,
  placementSchema,
  Port,
  Resources,
  serviceAnnotationsSchema,
  serviceTypeSchema,
  strict,
  StringMap,
  Switch,
} from './workload.ts';

export const STACK_KIND = 'PrismStack';
export const STACK_PLURAL = 'prismstacks';

export const DEFAULT_PROXY_IMAGE = 'ghcr.io/prism/prism-proxy:latest';
export const DEFAULT_ADMIN_IMAGE = 'ghcr.io/prism/prism-admin:latest';
/** The Pods metric of the proxy's request rate, as the seed's custom-metrics example names it. */
export const DEFAULT_REQUEST_RATE_METRIC = 'http_requests_per_second';

const ChildName = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: 62,
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
    description: `Name of the ${what} within the stack; the ${what} is created as <stack>-<name>.`,
  });

type ProxyAutoscalingShape = { minReplicas?: number; maxReplicas?: number };
export const proxyAutoscalingRules: readonly CelRule<ProxyAutoscalingShape>[] = [
  {
    rule: '!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas',
    message: 'minReplicas must be less than or equal to maxReplicas',
    fieldPath: '.minReplicas',
    holds: (self) => self.minReplicas === undefined || self.maxReplicas === undefined || self.minReplicas <= self.maxReplicas,
  },
];

export const proxyAutoscalingSchema = withCelRules(Type.Object(
  {
    enabled: Switch('Scale the proxy with a HorizontalPodAutoscaler on CPU and request rate, as the client traffic demands.', true),
    minReplicas: Defaulted(Type.Integer({ minimum: 1, default: 2, format: 'int32', description: 'Fewest proxies; 2 keeps the proxy available while one restarts.' })),
    maxReplicas: Defaulted(Type.Integer({ minimum: 1, default: 10, format: 'int32', description: 'Most proxies.' })),
    targetCPUUtilizationPercentage: Defaulted(
      Type.Integer({ minimum: 1, default: 75, format: 'int32', description: 'Target average CPU usage, in percent of the proxies\' CPU requests.' }),
    ),
    targetRequestsPerSecond: Type.Optional(
      Type.Integer({
        minimum: 1,
        format: 'int32',
        description: 'Target requests per second per proxy, read from the Pods metric requestRateMetric (served by a custom metrics adapter such as the Prometheus adapter). Unset: CPU only.',
      }),
    ),
    requestRateMetric: Defaulted(
      Type.String({ minLength: 1, maxLength: 253, default: DEFAULT_REQUEST_RATE_METRIC, description: 'Name of the per-pod request-rate metric.' }),
    ),
    metrics: Type.Optional(MetricSpecs({ description: 'Further metrics (autoscaling/v2 MetricSpec).' })),
    behavior: Type.Optional(HpaBehavior()),
  },
  { ...strict, default: {}, description: 'Autoscaling of the proxy (HPA).' },
), proxyAutoscalingRules);

const componentService = (what: string) =>
  Type.Object(
    { type: serviceTypeSchema(), annotations: serviceAnnotationsSchema() },
    { ...strict, default: {}, description: `The Service <stack>-${what}, on the ${what}'s port.` },
  );

export const proxySchema = Type.Object(
  {
    image: Defaulted(Type.String({ minLength: 1, maxLength: 1024, default: DEFAULT_PROXY_IMAGE, description: 'Image of the proxy.' })),
    imagePullPolicy: ImagePullPolicy(),
    replicas: Defaulted(
      Type.Integer({ minimum: 0, default: 3, format: 'int32', description: 'Number of proxies; with autoscaling on, only the initial number.' }),
    ),
    port: Port('gRPC port of the proxy, where clients connect.', 8980),
    resources: Resources('each proxy container'),
    placement: Type.Optional(placementSchema),
    service: Defaulted(componentService('proxy')),
    autoscaling: Defaulted(proxyAutoscalingSchema),
  },
  { ...strict, default: {}, description: 'The Prism proxy: the data access gateway clients connect to.' },
);

export const adminSchema = Type.Object(
  {
    enabled: Switch('Run the admin control plane.', true),
    image: Defaulted(Type.String({ minLength: 1, maxLength: 1024, default: DEFAULT_ADMIN_IMAGE, description: 'Image of the admin control plane.' })),
    imagePullPolicy: ImagePullPolicy(),
    replicas: Defaulted(Type.Integer({ minimum: 0, default: 1, format: 'int32', description: 'Number of admin replicas.' })),
    port: Port('gRPC port of the admin control plane.', 8981),
    resources: Resources('each admin container'),
    placement: Type.Optional(placementSchema),
    service: Defaulted(componentService('admin')),
  },
  { ...strict, default: {}, description: 'The Prism admin control plane, which the proxies register with.' },
);

export const observabilitySchema = Type.Object(
  {
    tracing: Type.Optional(
      Type.Object(
        {
          endpoint: Type.String({
            minLength: 1,
            maxLength: 512,
            description: 'OTLP endpoint the proxy, the admin plane and the stack\'s pattern runners send traces to (OTEL_EXPORTER_OTLP_ENDPOINT), e.g. http://otel-collector:4317.',
          }),
        },
        { ...strict, description: 'Distributed tracing.' },
      ),
    ),
    metrics: Defaulted(
      Type.Object(
        {
          port: Port('Port of the proxy\'s and the admin plane\'s Prometheus metrics (container and Service port "metrics").', 9090),
          serviceMonitor: Defaulted(
            Type.Object(
              {
                enabled: Switch('Create a prometheus-operator ServiceMonitor <stack> that scrapes the proxy\'s and the admin plane\'s /metrics (needs the monitoring.coreos.com CRDs; without them the ServiceMonitor condition says so).'),
                labels: Type.Optional(StringMap('Labels of the ServiceMonitor, which a Prometheus selects ServiceMonitors by (e.g. release: kube-prometheus-stack).')),
                interval: Defaulted(Duration({ default: '30s', description: 'How often Prometheus scrapes the metrics.' })),
              },
              { ...strict, default: {}, description: 'A ServiceMonitor for the stack\'s metrics.' },
            ),
          ),
        },
        { ...strict, default: {}, description: 'Prometheus metrics.' },
      ),
    ),
  },
  { ...strict, default: {}, description: 'Tracing and metrics of the stack.' },
);

export const stackPatternSchema = withCelRules(Type.Object(
  { name: ChildName('PrismPattern'), ...patternSpecProperties },
  { ...strict, description: 'A pattern runner of the stack: a PrismPattern <stack>-<name> with these fields as its spec. A backend that names one of the stack\'s backends refers to that one.' },
), patternSpecRules);

export const stackBackendSchema = withCelRules(Type.Object(
  { name: ChildName('PrismBackend'), ...backendSpecProperties },
  { ...strict, description: 'A backend of the stack: a PrismBackend <stack>-<name> with these fields as its spec.' },
), backendSpecRules);

export const PrismStackSpec = Type.Object(
  {
    proxy: Defaulted(proxySchema),
    admin: Defaulted(adminSchema),
    patterns: Type.Optional(
      Type.Array(stackPatternSchema, {
        maxItems: 32,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        description: 'Pattern runners of the stack, each created and owned as a PrismPattern <stack>-<name>.',
      }),
    ),
    backends: Type.Optional(
      Type.Array(stackBackendSchema, {
        maxItems: 16,
        'x-kubernetes-list-type': 'map',
        'x-kubernetes-list-map-keys': ['name'],
        description: 'Backends of the stack, each created and owned as a PrismBackend <stack>-<name>.',
      }),
    ),
    observability: Defaulted(observabilitySchema),
  },
  { ...strict, description: 'A complete Prism deployment: proxy, admin control plane, pattern runners and backends.' },
);

const componentStatus = (what: string) =>
  Type.Object(
    {
      replicas: Type.Optional(Type.Integer({ minimum: 0, description: `${what} pods that exist.` })),
      readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: `${what} pods that are ready.` })),
    },
    { ...strict, description: `The ${what} Deployment.` },
  );

const childStatusList = (kind: string) =>
  Type.Array(
    Type.Object(
      {
        name: Type.String({ description: `The entry's name in the spec; the ${kind} is <stack>-<name>.` }),
        ready: Type.Boolean({ description: `Whether the ${kind} is Ready.` }),
        reason: Type.Optional(Type.String({ description: `The reason of the ${kind}'s Ready condition.` })),
      },
      strict,
    ),
    { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], description: `Readiness of each ${kind} of the stack.` },
  );

export const PrismStackStatus = Type.Object(
  {
    phase: Type.Optional(Type.Enum([...WORKLOAD_PHASES], { description: WORKLOAD_PHASES_DESCRIPTION })),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded; Paused when paused.' })),
    observedGeneration: observedGenerationSchema(),
    proxy: Type.Optional(componentStatus('Proxy')),
    admin: Type.Optional(componentStatus('Admin')),
    patterns: Type.Optional(childStatusList('PrismPattern')),
    backends: Type.Optional(childStatusList('PrismBackend')),
  },
  { ...strict, description: 'Observed state of the stack, written by the operator.' },
);

/** Longest child suffix of the stack's own name: `-proxy` and `-admin`. */
const COMPONENT_SUFFIX_LENGTH = '-proxy'.length;
export const MAX_STACK_NAME_LENGTH = MAX_LABEL_LENGTH - COMPONENT_SUFFIX_LENGTH;

type StackShape = { metadata?: { name?: string }; spec?: { patterns?: { name: string }[]; backends?: { name: string }[] } };
const childFits = (kind: 'patterns' | 'backends', what: string): CelRule<StackShape> => ({
  rule: `!has(self.spec.${kind}) || self.spec.${kind}.all(c, self.metadata.name.size() + 1 + c.name.size() <= 63)`,
  message: `metadata.name and every spec.${kind}[].name together must fit the ${what} name <stack>-<name> in 63 characters`,
  holds: (self) => (self.spec?.[kind] ?? []).every((c) => (self.metadata?.name ?? '').length + 1 + c.name.length <= MAX_LABEL_LENGTH),
});

// The proxy and admin Services are <stack>-proxy and <stack>-admin (DNS-1035 labels); each child
// PrismPattern <stack>-<name> must itself have a valid PrismPattern name.
export const stackNameRules: readonly CelRule<StackShape>[] = [
  metadataNameRule('DNS-1035', MAX_STACK_NAME_LENGTH, 'the Services <stack>-proxy and <stack>-admin take it'),
  childFits('patterns', 'PrismPattern'),
  childFits('backends', 'PrismBackend'),
];

const description = 'A complete Prism deployment: the proxy (autoscaled by HPA), the admin control plane, and the PrismPatterns and PrismBackends it creates and owns.';

export const PrismStackSchema = resourceSchema(STACK_KIND, PrismStackSpec, PrismStackStatus, description, stackNameRules);

export type PrismStackSpec = Static<typeof PrismStackSpec>;
export type PrismStackStatus = Static<typeof PrismStackStatus>;
export type PrismStack = Static<typeof PrismStackSchema>;
export type StackPattern = Static<typeof stackPatternSchema>;
export type StackBackend = Static<typeof stackBackendSchema>;

export const prismStackCrd = prismCrd({
  kind: STACK_KIND,
  plural: STACK_PLURAL,
  shortNames: ['pstack'],
  scope: 'Namespaced',
  description,
  spec: PrismStackSpec,
  status: PrismStackStatus,
  nameRules: stackNameRules,
  printerColumns: [
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Proxies', type: 'integer', jsonPath: '.status.proxy.readyReplicas' },
    { name: 'Patterns', type: 'string', jsonPath: '.status.patterns[*].name', priority: 1 },
  ],
});
