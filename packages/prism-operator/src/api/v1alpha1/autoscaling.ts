// The autoscaling block of a pattern: HPA (CPU, memory, custom metrics) or KEDA (event-driven
// triggers), with the bounds and behavior both share. Exactly one autoscaler exists per pattern.
import { Defaulted, withCelRules, type CelRule } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { HpaBehavior, MetricSpecs } from '../../support/schemas.ts';
import { strict, StringMap, Switch } from './workload.ts';

export const SCALERS = ['hpa', 'keda'] as const;
export type Scaler = (typeof SCALERS)[number];

/**
 * The KEDA trigger types of the seed's table, and the metadata keys KEDA requires of each that no
 * PrismBackend can supply (a backend supplies the connection: bootstrapServers, host, queueURL...).
 * Other KEDA scaler types are accepted as written.
 */
export const TRIGGER_REQUIRED_METADATA: Readonly<Record<string, readonly string[]>> = {
  kafka: ['consumerGroup'],
  'nats-jetstream': ['stream', 'consumer'],
  'aws-sqs-queue': [],
  rabbitmq: ['queueName'],
  redis: ['listName'],
  postgresql: ['query', 'targetQueryValue'],
  cpu: ['value'],
  memory: ['value'],
};

/** Triggers that scale on the pods' own resource usage (KEDA turns them into HPA resource metrics). */
export const RESOURCE_TRIGGER_TYPES = ['cpu', 'memory'] as const;

type TriggerShape = {
  type: string;
  metadata?: Record<string, string>;
  metricType?: string;
  authenticationRef?: unknown;
  backendRef?: unknown;
};

const requiredMetadataRules: CelRule<TriggerShape>[] = Object.entries(TRIGGER_REQUIRED_METADATA).flatMap(([type, keys]) =>
  keys.map((key) => ({
    rule: `self.type != '${type}' || (has(self.metadata) && '${key}' in self.metadata)`,
    message: `a ${type} trigger needs metadata.${key}`,
    fieldPath: '.metadata',
    holds: (self: TriggerShape) => self.type !== type || (self.metadata !== undefined && key in self.metadata),
  })),
);

export const triggerRules: readonly CelRule<TriggerShape>[] = [
  {
    rule: '!(has(self.authenticationRef) && has(self.backendRef))',
    message: 'set authenticationRef (your own TriggerAuthentication) or backendRef (one made from a PrismBackend), not both',
    fieldPath: '.backendRef',
    holds: (self) => !(self.authenticationRef !== undefined && self.backendRef !== undefined),
  },
  {
    // KEDA 2.18 removed metadata.type of the cpu and memory scalers; the operator moves the old
    // spelling to metricType, so both are accepted, but one of them is needed.
    rule: "!(self.type in ['cpu', 'memory']) || (has(self.metricType) ? self.metricType in ['Utilization', 'AverageValue'] : (has(self.metadata) && 'type' in self.metadata && self.metadata['type'] in ['Utilization', 'AverageValue']))",
    message: 'a cpu or memory trigger needs metricType Utilization or AverageValue',
    fieldPath: '.metricType',
    holds: (self) => {
      if (!(RESOURCE_TRIGGER_TYPES as readonly string[]).includes(self.type)) return true;
      const metricType = self.metricType ?? self.metadata?.type;
      return metricType === 'Utilization' || metricType === 'AverageValue';
    },
  },
  ...requiredMetadataRules,
];

export const triggerSchema = withCelRules(Type.Object(
  {
    type: Type.String({
      minLength: 1,
      maxLength: 63,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      description:
        'KEDA scaler type: kafka (consumer lag), nats-jetstream (pending messages), aws-sqs-queue (queue depth), rabbitmq (queue length), redis (list length), postgresql (a query\'s value), cpu or memory (utilization), or any other KEDA scaler.',
    }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 63, description: 'Name of the trigger, for KEDA\'s scaling modifiers and status.' })),
    metadata: Type.Optional(
      StringMap(
        'The scaler\'s settings as KEDA defines them, all strings, e.g. kafka: bootstrapServers, consumerGroup, topic, lagThreshold: "1000". Connection settings missing here are taken from the trigger\'s PrismBackend. Never put credentials here: use backendRef or authenticationRef.',
        32,
      ),
    ),
    metricType: Type.Optional(
      Type.Enum(['AverageValue', 'Value', 'Utilization'], {
        description: 'How KEDA compares the metric with the target: AverageValue (per pod, the default of most scalers), Value, or Utilization (cpu and memory).',
      }),
    ),
    authenticationRef: Type.Optional(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 253, description: 'Name of the TriggerAuthentication (in this namespace) or ClusterTriggerAuthentication.' }),
          kind: Defaulted(
            Type.Enum(['TriggerAuthentication', 'ClusterTriggerAuthentication'], { default: 'TriggerAuthentication', description: 'Kind of the referenced object.' }),
          ),
        },
        { ...strict, description: 'Your own KEDA TriggerAuthentication, passed to KEDA as is.' },
      ),
    ),
    backendRef: Type.Optional(
      Type.Object(
        { name: Type.String({ minLength: 1, maxLength: 63, description: 'Name of a PrismBackend in this namespace.' }) },
        {
          ...strict,
          description:
            'A PrismBackend whose connection fills the missing metadata and whose credentials authenticate the trigger, through a TriggerAuthentication the operator makes. Unset: the pattern\'s backend, when it is a PrismBackend of the matching type.',
        },
      ),
    ),
  },
  { ...strict, description: 'A KEDA trigger.' },
), triggerRules);
export type Trigger = Static<typeof triggerSchema>;

type AutoscalingShape = {
  enabled?: boolean;
  scaler?: string;
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number;
  targetMemoryUtilizationPercentage?: number;
  metrics?: unknown[];
  triggers?: { type: string }[];
};

const isOn = (self: AutoscalingShape, scaler: Scaler) => self.enabled === true && self.scaler === scaler;

export const autoscalingRules: readonly CelRule<AutoscalingShape>[] = [
  {
    rule: '!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas',
    message: 'minReplicas must be less than or equal to maxReplicas',
    fieldPath: '.minReplicas',
    holds: (self) => self.minReplicas === undefined || self.maxReplicas === undefined || self.minReplicas <= self.maxReplicas,
  },
  {
    rule: "!(has(self.enabled) && self.enabled && has(self.scaler) && self.scaler == 'keda') || (has(self.triggers) && size(self.triggers) > 0)",
    message: 'scaler keda needs at least one trigger',
    fieldPath: '.triggers',
    holds: (self) => !isOn(self, 'keda') || (self.triggers?.length ?? 0) > 0,
  },
  {
    rule: "!(has(self.enabled) && self.enabled && has(self.scaler) && self.scaler == 'hpa') || has(self.targetCPUUtilizationPercentage) || has(self.targetMemoryUtilizationPercentage) || (has(self.metrics) && size(self.metrics) > 0)",
    message: 'scaler hpa needs targetCPUUtilizationPercentage, targetMemoryUtilizationPercentage or metrics',
    fieldPath: '.targetCPUUtilizationPercentage',
    holds: (self) =>
      !isOn(self, 'hpa') ||
      self.targetCPUUtilizationPercentage !== undefined ||
      self.targetMemoryUtilizationPercentage !== undefined ||
      (self.metrics?.length ?? 0) > 0,
  },
  {
    rule: "!(has(self.enabled) && self.enabled && has(self.scaler) && self.scaler == 'hpa') || !has(self.minReplicas) || self.minReplicas >= 1",
    message: 'minReplicas must be at least 1 with scaler hpa; only keda scales to zero',
    fieldPath: '.minReplicas',
    holds: (self) => !isOn(self, 'hpa') || self.minReplicas === undefined || self.minReplicas >= 1,
  },
  {
    // KEDA can only scale to zero on an event source: with zero pods there is no CPU to measure.
    rule: "!(has(self.enabled) && self.enabled && has(self.scaler) && self.scaler == 'keda' && has(self.minReplicas) && self.minReplicas == 0) || (has(self.triggers) && self.triggers.exists(t, !(t.type in ['cpu', 'memory'])))",
    message: 'minReplicas 0 needs a trigger other than cpu and memory: with no pods there is no usage to measure',
    fieldPath: '.minReplicas',
    holds: (self) =>
      !(isOn(self, 'keda') && self.minReplicas === 0) ||
      (self.triggers ?? []).some((t) => !(RESOURCE_TRIGGER_TYPES as readonly string[]).includes(t.type)),
  },
];

export const autoscalingSchema = withCelRules(Type.Object(
  {
    enabled: Switch('Scale the pattern\'s Deployment automatically. While on, the autoscaler owns the replica count and spec.replicas is only the initial count.'),
    scaler: Defaulted(
      Type.Enum([...SCALERS], {
        default: 'hpa',
        description:
          'hpa: a HorizontalPodAutoscaler (autoscaling/v2) on CPU, memory and custom metrics. keda: a KEDA ScaledObject on event sources (queue depth, consumer lag), only when KEDA is installed. The fields of the other scaler are ignored, so switching is a one-field change; the other scaler\'s object is removed.',
      }),
    ),
    minReplicas: Defaulted(Type.Integer({ minimum: 0, default: 1, format: 'int32', description: 'Fewest replicas. At least 1 with hpa; 0 lets keda scale the pattern to zero when idle.' })),
    maxReplicas: Defaulted(Type.Integer({ minimum: 1, default: 10, format: 'int32', description: 'Most replicas.' })),
    targetCPUUtilizationPercentage: Type.Optional(
      Type.Integer({ minimum: 1, format: 'int32', description: 'hpa: target average CPU usage, in percent of the pods\' CPU requests.' }),
    ),
    targetMemoryUtilizationPercentage: Type.Optional(
      Type.Integer({ minimum: 1, format: 'int32', description: 'hpa: target average memory usage, in percent of the pods\' memory requests.' }),
    ),
    metrics: Type.Optional(
      MetricSpecs({ description: 'hpa: further metrics (autoscaling/v2 MetricSpec), e.g. a Pods metric http_requests_per_second from the Prometheus adapter.' }),
    ),
    behavior: Type.Optional(
      HpaBehavior({ description: 'Scaling behavior (stabilization windows and rate policies) of either scaler; KEDA passes it to the HPA it manages.' }),
    ),
    pollingInterval: Type.Optional(
      Type.Integer({ minimum: 1, format: 'int32', description: 'keda: seconds between checks of each trigger. Unset: KEDA\'s default, 30.' }),
    ),
    cooldownPeriod: Type.Optional(
      Type.Integer({ minimum: 0, format: 'int32', description: 'keda: seconds after the last active trigger before scaling to minReplicas 0. Unset: KEDA\'s default, 300.' }),
    ),
    triggers: Type.Optional(
      Type.Array(triggerSchema, {
        maxItems: 16,
        'x-kubernetes-list-type': 'atomic',
        description: 'keda: the event sources to scale on. With several, KEDA scales to the highest of their recommendations.',
      }),
    ),
  },
  { ...strict, default: {}, description: 'Automatic scaling of the pattern\'s Deployment.' },
), autoscalingRules);
export type Autoscaling = Static<typeof autoscalingSchema>;
