import { ConditionsSchema, Defaulted, EnvVars, withCelRules, type CelRule } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { autoscalingSchema } from './autoscaling.ts';
import { MAX_LABEL_LENGTH, WORKLOAD_PHASES, WORKLOAD_PHASES_DESCRIPTION } from './group.ts';
import { metadataNameRule, observedGenerationSchema, prismCrd, resourceSchema, type NamedResource } from './resource.ts';
import {
  ImagePullPolicy,
  placementSchema,
  Port,
  Resources,
  serviceAnnotationsSchema,
  serviceTypeSchema,
  strict,
  StringMap,
} from './workload.ts';

export const PATTERN_KIND = 'PrismPattern';
export const PATTERN_PLURAL = 'prismpatterns';

/** Pattern runner types: the seed's consumer, producer and keyvalue, and Prism's other data access patterns. */
export const PATTERN_TYPES = ['consumer', 'producer', 'keyvalue', 'pubsub', 'queue', 'mailbox', 'multicast-registry'] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];

/** The image of a pattern runner when spec.image is unset; the seed's images are ghcr.io/prism/<pattern>-runner. */
export const defaultPatternImage = (pattern: string): string => `ghcr.io/prism/${pattern}-runner:latest`;
/** The runner's HTTP port (health at /health), as the seed's `wget http://<pattern>:8080/health` uses it. */
export const DEFAULT_PATTERN_PORT = 8080;

type ResourcesShape = { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
type PatternSpecShape = {
  resources?: ResourcesShape;
  autoscaling?: {
    enabled?: boolean;
    scaler?: string;
    targetCPUUtilizationPercentage?: number;
    targetMemoryUtilizationPercentage?: number;
    triggers?: { type: string; metricType?: string; metadata?: Record<string, string> }[];
  };
};

/** A request, or a limit (which becomes the request when none is set), of the resource. */
const celHasRequest = (resource: string) =>
  `(has(self.resources) && ((has(self.resources.requests) && '${resource}' in self.resources.requests) || (has(self.resources.limits) && '${resource}' in self.resources.limits)))`;
const hasRequest = (self: PatternSpecShape, resource: string) =>
  (self.resources?.requests?.[resource] ?? self.resources?.limits?.[resource]) !== undefined;

/**
 * Utilization is a percentage of the pods' requests: without a request the HPA (or KEDA's) cannot
 * compute it and never scales. The schema's default resources have both.
 */
const utilizationNeedsRequest = (resource: 'cpu' | 'memory', target: 'targetCPUUtilizationPercentage' | 'targetMemoryUtilizationPercentage') => ({
  rule: `!(has(self.autoscaling) && has(self.autoscaling.enabled) && self.autoscaling.enabled && ((has(self.autoscaling.scaler) && self.autoscaling.scaler == 'hpa' && has(self.autoscaling.${target})) || (has(self.autoscaling.scaler) && self.autoscaling.scaler == 'keda' && has(self.autoscaling.triggers) && self.autoscaling.triggers.exists(t, t.type == '${resource}' && ((has(t.metricType) && t.metricType == 'Utilization') || (has(t.metadata) && 'type' in t.metadata && t.metadata['type'] == 'Utilization')))))) || ${celHasRequest(resource)}`,
  message: `a ${resource} utilization target needs resources.requests.${resource} (or a limit): utilization is a percentage of the request`,
  fieldPath: '.resources',
  holds: (self: PatternSpecShape) => {
    const autoscaling = self.autoscaling;
    if (!autoscaling?.enabled) return true;
    const hpaTarget = autoscaling.scaler === 'hpa' && autoscaling[target] !== undefined;
    const kedaTarget =
      autoscaling.scaler === 'keda' &&
      (autoscaling.triggers ?? []).some((t) => t.type === resource && (t.metricType ?? t.metadata?.type) === 'Utilization');
    return !(hpaTarget || kedaTarget) || hasRequest(self, resource);
  },
});

export const patternSpecRules: readonly CelRule<PatternSpecShape>[] = [
  utilizationNeedsRequest('cpu', 'targetCPUUtilizationPercentage'),
  utilizationNeedsRequest('memory', 'targetMemoryUtilizationPercentage'),
];

export const patternServiceSchema = Type.Object(
  {
    type: serviceTypeSchema(),
    port: Port('Port of the Service and of the runner\'s HTTP server (health at /health).', DEFAULT_PATTERN_PORT),
    annotations: serviceAnnotationsSchema(),
  },
  { ...strict, default: {}, description: 'The Service <name> in front of the runners.' },
);

/** The fields of a pattern runner; a PrismPattern's spec, and an entry of a PrismStack's patterns with a name added. */
export const patternSpecProperties = {
  pattern: Type.Enum([...PATTERN_TYPES], {
    description: 'The data access pattern the runner implements: consumer, producer, keyvalue, pubsub, queue, mailbox or multicast-registry.',
  }),
  backend: Type.String({
    minLength: 1,
    maxLength: 63,
    description:
      'The backend: the name of a PrismBackend in this namespace, whose connection the runners get as environment variables; or a backend type (kafka, nats, redis, postgresql, sqs, rabbitmq) that the runner is configured for by config or env.',
  }),
  image: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'Image of the runner. Unset: ghcr.io/prism/<pattern>-runner:latest.' })),
  imagePullPolicy: ImagePullPolicy(),
  replicas: Defaulted(
    Type.Integer({
      minimum: 0,
      default: 1,
      format: 'int32',
      description: 'Number of runners. With autoscaling on, only the initial number (kept within minReplicas and maxReplicas); the autoscaler decides after that.',
    }),
  ),
  resources: Resources('each runner container'),
  config: Type.Optional(
    StringMap('Pattern-specific configuration, e.g. kafkaTopic: orders. Mounted at /etc/prism/config (one file per key); a change rolls the runners.'),
  ),
  env: Type.Optional(EnvVars({ description: 'Extra environment variables of the runner container.', maxItems: 64 })),
  service: Defaulted(patternServiceSchema),
  autoscaling: Defaulted(autoscalingSchema),
  placement: Type.Optional(placementSchema),
};

export const PrismPatternSpec = withCelRules(Type.Object(patternSpecProperties, {
  ...strict,
  description: 'A pattern runner: a Deployment of runners, its Service, and its autoscaler (HPA or KEDA).',
}), patternSpecRules);

export const PrismPatternStatus = Type.Object(
  {
    phase: Type.Optional(Type.Enum([...WORKLOAD_PHASES], { description: WORKLOAD_PHASES_DESCRIPTION })),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded; Autoscaling while autoscaling is on; Paused when paused.' })),
    observedGeneration: observedGenerationSchema(),
    replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Runner pods that exist.' })),
    readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Runner pods that are ready.' })),
    availableReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Runner pods ready for at least minReadySeconds.' })),
    selector: Type.Optional(Type.String({ description: 'Label selector of the runner pods (for the scale subresource).' })),
    scaler: Type.Optional(
      Type.Enum(['none', 'hpa', 'keda'], { description: 'The autoscaler object in place: none, a HorizontalPodAutoscaler (hpa) or a KEDA ScaledObject (keda).' }),
    ),
    backendType: Type.Optional(Type.String({ description: 'The type of the backend the runners use, resolved from spec.backend.' })),
  },
  { ...strict, description: 'Observed state of the pattern runners, written by the operator.' },
);

// The Deployment, the Service and the autoscaler are named after the pattern; a Service name is a
// DNS-1035 label (63 characters, starting with a letter), and so is the prism.io/pattern-instance
// label value on every pod.
export const patternNameRules: readonly CelRule<NamedResource>[] = [
  metadataNameRule('DNS-1035', MAX_LABEL_LENGTH, 'the Service and the pod label prism.io/pattern-instance take it'),
];

const description = 'A Prism pattern runner: a Deployment of runners for one data access pattern on one backend, its Service, and its autoscaler (HPA or KEDA).';

export const PrismPatternSchema = resourceSchema(PATTERN_KIND, PrismPatternSpec, PrismPatternStatus, description, patternNameRules);

export type PrismPatternSpec = Static<typeof PrismPatternSpec>;
export type PrismPatternStatus = Static<typeof PrismPatternStatus>;
export type PrismPattern = Static<typeof PrismPatternSchema>;

export const prismPatternCrd = prismCrd({
  kind: PATTERN_KIND,
  plural: PATTERN_PLURAL,
  shortNames: ['ppattern', 'ppat'],
  scope: 'Namespaced',
  description,
  spec: PrismPatternSpec,
  status: PrismPatternStatus,
  nameRules: patternNameRules,
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' },
  printerColumns: [
    { name: 'Pattern', type: 'string', jsonPath: '.spec.pattern' },
    { name: 'Backend', type: 'string', jsonPath: '.spec.backend' },
    { name: 'Scaler', type: 'string', jsonPath: '.status.scaler' },
    { name: 'Replicas', type: 'integer', jsonPath: '.status.replicas' },
    { name: 'Ready', type: 'integer', jsonPath: '.status.readyReplicas' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
  ],
});
