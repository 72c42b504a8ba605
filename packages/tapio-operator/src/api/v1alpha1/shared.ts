// Schemas that several Tapio kinds share. Functions take `profiled`: inside a TapioCluster, fields
// whose default depends on spec.profile carry no schema default (the API server would fill it in
// before the profile could), and applyProfileDefaults fills them in instead; inside a TapioCollector
// or TapioIntelligence they carry a plain schema default.
import { Duration, Quantity, ResourceRequirements } from '@operators/k8s-common';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import Type, { type TSchema } from 'typebox';
import { celHas, celIsTrue } from './cel.ts';
import { celRules, type CrossFieldRule } from '../../support/cross-field-rule.ts';
import { API_VERSION } from './group.ts';

// Unknown fields fail validateResource as kubectl's strict field validation fails them; the CRD
// generator drops the keyword (the API server prunes unknown fields anyway).
export const strict = { additionalProperties: false } as const;

const BY_PROFILE = 'Unset: chosen by spec.profile (see docs/tapio.md).';
const defaultUnless = <T>(profiled: boolean, value: T) => (profiled ? {} : { default: value });
const describedDefault = (profiled: boolean, description: string) => (profiled ? `${description} ${BY_PROFILE}` : description);

export const DEFAULT_VERSION = 'v0.1.0';
export const DEFAULT_IMAGE_REGISTRY = 'ghcr.io/yairfalse';
export const NEO4J_IMAGE = 'neo4j:5.26.0-enterprise';
export const NATS_IMAGE = 'nats:2.10.24-alpine';

/** An image tag, as the OCI distribution spec allows it. */
export const Version = (description: string) =>
  Type.Optional(
    Type.String({ pattern: '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$', default: DEFAULT_VERSION, description }),
  );

export const ImageRegistry = () =>
  Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 255,
      pattern: '^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?(/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$',
      default: DEFAULT_IMAGE_REGISTRY,
      description: 'Registry and path of the Tapio images: <imageRegistry>/tapio-<component>:<version>.',
    }),
  );

export const Image = (defaultImage: string, description: string) =>
  Type.Optional(Type.String({ minLength: 1, maxLength: 512, default: defaultImage, description }));

const Replicas = (profiled: boolean, staticDefault: number, maximum: number, description: string) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum, ...defaultUnless(profiled, staticDefault), description: describedDefault(profiled, description) }));

/**
 * A volume may grow, never shrink: the operator expands the existing claims where the StorageClass
 * allows it, and no volume can be made smaller. (A plain `self == oldSelf` would also freeze a size
 * that a default set for a component that does not run yet.)
 */
export const growOnlyRule = (field: string) => ({
  rule: 'quantity(string(self)).compareTo(quantity(string(oldSelf))) >= 0',
  message: `${field} cannot shrink: a volume can only be expanded`,
});

export const VolumeSize = (profiled: boolean, staticDefault: string | undefined, description: string, field: string) =>
  Type.Optional(
    Quantity({
      ...(staticDefault === undefined ? {} : defaultUnless(profiled, staticDefault)),
      description: describedDefault(profiled, `${description} May grow (the volumes are expanded where the StorageClass allows it), never shrink.`),
      'x-kubernetes-validations': [growOnlyRule(field)],
    }),
  );

const StorageClass = (description: string, immutableMessage: string) =>
  Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 253,
      description: `${description} Unset uses the cluster's default StorageClass. Cannot change after creation.`,
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: immutableMessage }],
    }),
  );

export const Resources = (description: string) => Type.Optional(ResourceRequirements({ description }));

export const StringMap = (description: string) => Type.Record(Type.String(), Type.String(), { description });

// ---------------------------------------------------------------------------------------------
// Autoscaling and canary, for the correlation service and the API gateway.

export type AutoscalingSettings = { enabled?: boolean; minReplicas?: number; maxReplicas?: number };
export const autoscalingRules: readonly CrossFieldRule<AutoscalingSettings>[] = [
  {
    rule: '!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas',
    message: 'minReplicas must not exceed maxReplicas',
    fieldPath: '.minReplicas',
    holds: ({ minReplicas, maxReplicas }) => minReplicas === undefined || maxReplicas === undefined || minReplicas <= maxReplicas,
  },
];

export const Autoscaling = (component: string) =>
  Type.Optional(
    Type.Object(
      {
        enabled: Type.Optional(Type.Boolean({ default: false, description: `Create a HorizontalPodAutoscaler for the ${component}; replicas is then only its starting size.` })),
        minReplicas: Type.Optional(Type.Integer({ minimum: 1, description: 'Fewest replicas the autoscaler keeps; unset: the replicas field.' })),
        maxReplicas: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10, description: 'Most replicas the autoscaler may run.' })),
        targetCPUUtilizationPercentage: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 100, default: 80, description: 'Average CPU use, as a percentage of the CPU request, the autoscaler aims for.' }),
        ),
      },
      { ...strict, default: {}, description: `Horizontal autoscaling of the ${component}.`, 'x-kubernetes-validations': celRules(autoscalingRules) },
    ),
  );

export type CanaryStep = { weight: number; pause?: string };
export type CanarySettings = { enabled?: boolean; steps?: CanaryStep[]; readyTimeout?: string };

const strictlyIncreasing = (weights: number[]) => weights.every((weight, index) => index === 0 || weight > (weights[index - 1] ?? 0));
export const canaryRules: readonly CrossFieldRule<CanarySettings>[] = [
  {
    rule: '!has(self.steps) || (self.steps.map(s, s.weight).isSorted() && self.steps.all(a, self.steps.exists_one(b, b.weight == a.weight)))',
    message: 'steps must have strictly increasing weights',
    fieldPath: '.steps',
    holds: ({ steps }) => steps === undefined || strictlyIncreasing(steps.map((step) => step.weight)),
  },
];

export const DEFAULT_CANARY_STEPS: CanaryStep[] = [
  { weight: 25, pause: '2m' },
  { weight: 50, pause: '2m' },
];

export const Canary = (component: string) =>
  Type.Optional(
    Type.Object(
      {
        enabled: Type.Optional(
          Type.Boolean({
            default: false,
            description: `Roll a new ${component} version out as a canary: a second Deployment runs it beside the old one, step by step, and replaces the old one only when every step became ready; otherwise the canary is removed and the old version stays. Off: a plain rolling update.`,
          }),
        ),
        steps: Type.Optional(
          Type.Array(
            Type.Object(
              {
                weight: Type.Integer({
                  minimum: 1,
                  maximum: 100,
                  description: `Canary pods as a percentage of the ${component}'s replicas (at least one pod). The old pods keep running at full count, so roughly this share of the traffic reaches the new version.`,
                }),
                pause: Type.Optional(Duration({ default: '2m', description: 'How long the step holds once its canary pods are ready, before the next step or the promotion.' })),
              },
              strict,
            ),
            { minItems: 1, maxItems: 10, default: DEFAULT_CANARY_STEPS, description: 'The steps, in order; after the last one the new version is promoted.' },
          ),
        ),
        readyTimeout: Type.Optional(
          Duration({ default: '10m', description: 'How long each step may take for its canary pods to become ready; past it the canary is rolled back, and the reason recorded in status and an Event.' }),
        ),
      },
      { ...strict, default: {}, description: `Canary rollout of the ${component}.`, 'x-kubernetes-validations': celRules(canaryRules) },
    ),
  );

// ---------------------------------------------------------------------------------------------
// The intelligence layer: Neo4j and the correlation service.

// Five fields (minute hour day-of-month month day-of-week) or a CronJob macro; the CronJob
// controller parses the rest, but a schedule of the wrong shape is rejected here, naming the field.
const CRON_SCHEDULE = '^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|(\\S+\\s+){4}\\S+)$';
export const DEFAULT_BACKUP_SCHEDULE = '0 2 * * *';

export type BackupSettings = { enabled?: boolean; schedule?: string };
export const backupRules: readonly CrossFieldRule<BackupSettings>[] = [
  {
    rule: `!${celIsTrue('self.enabled')} || has(self.schedule)`,
    message: 'schedule is required when backup is enabled, e.g. "0 2 * * *" (02:00 every day)',
    fieldPath: '.schedule',
    holds: (self) => !self.enabled || self.schedule !== undefined,
  },
];

export const Neo4jBackup = (profiled: boolean) =>
  Type.Optional(
    Type.Object(
      {
        enabled: Type.Optional(
          Type.Boolean({ ...defaultUnless(profiled, false), description: describedDefault(profiled, 'Back Neo4j up on schedule, with a CronJob that writes to the backup volume.') }),
        ),
        schedule: Type.Optional(
          Type.String({ pattern: CRON_SCHEDULE, description: 'Cron schedule of the backups, in the CronJob controller\'s time zone (UTC unless configured), e.g. "0 2 * * *"; required when enabled.' }),
        ),
        storage: Type.Optional(
          Quantity({
            description: 'Size of the backup volume (PVC <intelligence>-backups); unset: the size of one Neo4j data volume. It outlives the Tapio resources. May grow, never shrink.',
            'x-kubernetes-validations': [growOnlyRule('neo4j.backup.storage')],
          }),
        ),
        storageClass: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: "StorageClass of the backup volume; unset uses the cluster's default." })),
        retention: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 7, description: 'How many backups the volume keeps; the oldest are deleted after each successful backup.' })),
      },
      { ...strict, default: {}, description: 'Backups of the graph database. On demand: annotate the TapioIntelligence (or TapioCluster) with tapio.io/backup-now=<any new value>.', 'x-kubernetes-validations': celRules(backupRules) },
    ),
  );

export type Neo4jSettings = { replicas?: number; backup?: BackupSettings };
export const neo4jRules: readonly CrossFieldRule<Neo4jSettings>[] = [
  {
    rule: '!has(self.replicas) || self.replicas % 2 == 1',
    message: 'replicas must be odd (1, 3, 5, ...): a Neo4j cluster needs a majority of its servers to agree, so an even size such as 2 tolerates no more failures than one server fewer',
    fieldPath: '.replicas',
    holds: ({ replicas }) => replicas === undefined || replicas % 2 === 1,
  },
];

export const Neo4j = (profiled: boolean) =>
  Type.Optional(
    Type.Object(
      {
        replicas: Replicas(profiled, 1, 9, 'Neo4j servers (StatefulSet <intelligence>-neo4j). 1, or an odd number for a cluster; more than one needs the Enterprise image.'),
        storage: VolumeSize(profiled, '5Gi', "Size of each Neo4j server's data volume (PVC data-<intelligence>-neo4j-<ordinal>).", 'neo4j.storage'),
        storageClass: StorageClass('StorageClass of the Neo4j data volumes.', 'neo4j.storageClass is immutable: the data volumes already exist in their StorageClass'),
        image: Image(NEO4J_IMAGE, 'Neo4j image. Clustering and online backups need the Enterprise edition.'),
        licenseAgreement: Type.Optional(
          Type.Enum(['yes', 'eval'], {
            default: 'eval',
            description: "Value of NEO4J_ACCEPT_LICENSE_AGREEMENT: the Enterprise image starts only once its license is accepted; 'eval' accepts the evaluation license, 'yes' the commercial one you hold.",
          }),
        ),
        resources: Resources('CPU and memory of each Neo4j server; unset: spec.resources, else a size that suits the profile.'),
        backup: Neo4jBackup(profiled),
      },
      { ...strict, default: {}, description: 'The Neo4j graph database that holds the correlations.', 'x-kubernetes-validations': celRules(neo4jRules) },
    ),
  );

export const Correlation = (profiled: boolean) =>
  Type.Optional(
    Type.Object(
      {
        replicas: Replicas(profiled, 1, 100, 'Correlation service pods (Deployment <intelligence>-correlation).'),
        resources: Resources('CPU and memory of each correlation pod; unset: spec.resources, else a size that suits the profile.'),
        autoscaling: Autoscaling('correlation service'),
        canary: Canary('correlation service'),
      },
      { ...strict, default: {}, description: 'The correlation service: pattern detection, event correlation and root cause analysis.' },
    ),
  );

export const Embedded = (profiled: boolean) =>
  Type.Optional(
    Type.Boolean({
      ...defaultUnless(profiled, false),
      description: describedDefault(
        profiled,
        'Use the graph database embedded in the correlation service instead of Neo4j: one correlation pod with its graph on a volume (PVC <intelligence>-graph), no Neo4j StatefulSet, no backups.',
      ),
    }),
  );

export const EmbeddedStorage = () =>
  Type.Optional(
    Quantity({
      default: '2Gi',
      description: 'Size of the embedded graph volume (PVC <intelligence>-graph), when embedded. May grow, never shrink.',
      'x-kubernetes-validations': [growOnlyRule('embeddedStorage')],
    }),
  );

/** The fields the embedded-graph rules read: TapioCluster.spec.intelligence and TapioIntelligence.spec both have them. */
export type IntelligenceShape = {
  embedded?: boolean;
  neo4j?: Neo4jSettings;
  correlation?: { replicas?: number; canary?: CanarySettings; autoscaling?: AutoscalingSettings };
};

export const embeddedRules: readonly CrossFieldRule<IntelligenceShape>[] = [
  {
    rule: `!${celIsTrue('self.embedded')} || !${celHas('self.correlation.replicas')} || self.correlation.replicas == 1`,
    message: 'correlation.replicas must be 1 with the embedded graph database: each pod would hold a graph of its own',
    fieldPath: '.correlation.replicas',
    holds: (self) => !self.embedded || (self.correlation?.replicas ?? 1) === 1,
  },
  {
    rule: `!${celIsTrue('self.embedded')} || !${celIsTrue('self.correlation.autoscaling.enabled')}`,
    message: 'correlation.autoscaling cannot be enabled with the embedded graph database: each pod would hold a graph of its own',
    fieldPath: '.correlation.autoscaling.enabled',
    holds: (self) => !self.embedded || self.correlation?.autoscaling?.enabled !== true,
  },
  {
    rule: `!${celIsTrue('self.embedded')} || !${celIsTrue('self.correlation.canary.enabled')}`,
    message: 'correlation.canary cannot be enabled with the embedded graph database: its volume can be used by one pod at a time',
    fieldPath: '.correlation.canary.enabled',
    holds: (self) => !self.embedded || self.correlation?.canary?.enabled !== true,
  },
  {
    rule: `!${celIsTrue('self.embedded')} || !${celIsTrue('self.neo4j.backup.enabled')}`,
    message: 'neo4j.backup cannot be enabled with the embedded graph database: there is no Neo4j to back up',
    fieldPath: '.neo4j.backup.enabled',
    holds: (self) => !self.embedded || self.neo4j?.backup?.enabled !== true,
  },
];

// ---------------------------------------------------------------------------------------------
// Monitoring, shared by every kind.

export const Monitoring = () =>
  Type.Optional(
    Type.Object(
      {
        prometheus: Type.Optional(
          Type.Object(
            {
              enabled: Type.Optional(Type.Boolean({ default: false, description: 'Create prometheus-operator ServiceMonitors for the components (only when the CRD is installed; a condition says when skipped).' })),
              serviceMonitorLabels: Type.Optional(StringMap('Extra labels on the ServiceMonitors, so that your Prometheus selects them (e.g. release: kube-prometheus-stack).')),
            },
            { ...strict, default: {}, description: 'Prometheus metrics.' },
          ),
        ),
        grafana: Type.Optional(
          Type.Object(
            { enabled: Type.Optional(Type.Boolean({ default: false, description: "Create ConfigMaps with Tapio's Grafana dashboards, labelled grafana_dashboard=\"1\" for Grafana's dashboard sidecar." })) },
            { ...strict, default: {}, description: 'Grafana dashboards.' },
          ),
        ),
      },
      { ...strict, default: {}, description: 'Monitoring of the Tapio components.' },
    ),
  );

// ---------------------------------------------------------------------------------------------
// Collector settings, shared by TapioCluster.spec.collectorOptions and TapioCollector.spec.

export const EtcdAccess = () =>
  Type.Optional(
    Type.Object(
      {
        endpoints: Type.Optional(
          Type.Array(Type.String({ pattern: '^https://[^\\s/]+$', description: 'An etcd client URL, e.g. https://10.0.0.10:2379.' }), {
            maxItems: 9,
            description: "etcd client URLs; unset: the operator discovers them from the etcd pods in kube-system (component=etcd), as kubeadm runs them.",
          }),
        ),
        secretName: Type.Optional(
          Type.String({ minLength: 1, maxLength: 253, description: 'Secret with the etcd client certificate: ca.crt, tls.crt and tls.key. Required for the etcd collector.' }),
        ),
      },
      { ...strict, description: 'How the etcd collector reaches etcd.' },
    ),
  );

export const VERTICAL_UPDATE_MODES = ['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate'] as const;
export const VerticalAutoscaling = () =>
  Type.Optional(
    Type.Object(
      {
        enabled: Type.Optional(Type.Boolean({ default: true, description: 'Create a VerticalPodAutoscaler per collector, when the VPA CRDs are installed (a condition says when skipped).' })),
        updateMode: Type.Optional(
          Type.Enum([...VERTICAL_UPDATE_MODES], {
            default: 'Off',
            description: 'What the VPA does with its recommendations: Off only records them in its status; Initial sets them on new pods; Recreate and InPlaceOrRecreate also resize running pods.',
          }),
        ),
      },
      { ...strict, default: {}, description: 'Vertical autoscaling (right-sizing) of the collectors.' },
    ),
  );

/** The high-availability rules of the intelligence layer, at `celPath` (`self` or `self.intelligence`) of an object with highAvailability. */
export function intelligenceHighAvailabilityRules<Self extends { highAvailability?: boolean }>(
  celPath: string,
  fieldPrefix: string,
  select: (self: Self) => IntelligenceShape | undefined,
): CrossFieldRule<Self>[] {
  const ha = celIsTrue('self.highAvailability');
  const embedded = celIsTrue(`${celPath}.embedded`);
  const named = (field: string) => `${fieldPrefix}${field}`.replace(/^\./, '');
  return [
    {
      rule: `!${ha} || !${embedded}`,
      message: `highAvailability cannot be combined with ${named('.embedded')}: the embedded graph database runs in a single pod`,
      fieldPath: `${fieldPrefix}.embedded`,
      holds: (self) => !self.highAvailability || select(self)?.embedded !== true,
    },
    {
      rule: `!${ha} || ${embedded} || !${celHas(`${celPath}.neo4j.replicas`)} || ${celPath}.neo4j.replicas > 1`,
      message: `${named('.neo4j.replicas')} must be at least 3 with highAvailability: a single Neo4j server is a single point of failure`,
      fieldPath: `${fieldPrefix}.neo4j.replicas`,
      holds: (self) => !self.highAvailability || select(self)?.embedded === true || (select(self)?.neo4j?.replicas ?? 2) > 1,
    },
    {
      // With the embedded graph database the rule above already rejects highAvailability.
      rule: `!${ha} || ${embedded} || !${celHas(`${celPath}.correlation.replicas`)} || ${celPath}.correlation.replicas > 1`,
      message: `${named('.correlation.replicas')} must be at least 2 with highAvailability`,
      fieldPath: `${fieldPrefix}.correlation.replicas`,
      holds: (self) => !self.highAvailability || select(self)?.embedded === true || (select(self)?.correlation?.replicas ?? 2) > 1,
    },
    {
      rule: `!${ha} || ${embedded} || !${celHas(`${celPath}.correlation.autoscaling.minReplicas`)} || ${celPath}.correlation.autoscaling.minReplicas > 1`,
      message: `${named('.correlation.autoscaling.minReplicas')} must be at least 2 with highAvailability`,
      fieldPath: `${fieldPrefix}.correlation.autoscaling.minReplicas`,
      holds: (self) =>
        !self.highAvailability || select(self)?.embedded === true || (select(self)?.correlation?.autoscaling?.minReplicas ?? 2) > 1,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Status pieces.

export const CANARY_PHASES = ['Progressing', 'Promoted', 'RolledBack'] as const;
export type CanaryPhase = (typeof CANARY_PHASES)[number];

export const CanaryRolloutStatus = (component: string) =>
  Type.Optional(
    Type.Object(
      {
        phase: Type.Enum([...CANARY_PHASES], {
          description: 'Progressing: the canary runs beside the old version. Promoted: the new version replaced the old one. RolledBack: the canary did not become ready in time and was removed; the old version stays until the spec changes again.',
        }),
        revision: Type.String({ description: `Revision (pod template hash) of the new ${component} version this canary is about.` }),
        step: Type.Integer({ minimum: 0, description: 'Index of the current step in canary.steps.' }),
        stepStartedAt: Type.String({ format: 'date-time', description: 'When the current step started.' }),
        stepReadyAt: Type.Optional(Type.String({ format: 'date-time', description: "When the current step's canary pods were first seen ready; its pause counts from here." })),
        reason: Type.String({ description: 'Why the canary is where it is, in CamelCase.' }),
        message: Type.String({ description: 'Human-readable details.' }),
      },
      { ...strict, description: `The canary rollout of the ${component}: absent when no canary ran yet.` },
    ),
  );

export const WorkloadStatus = (description: string) =>
  Type.Optional(
    Type.Object(
      {
        replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods that exist.' })),
        readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Pods that are ready.' })),
      },
      { ...strict, description },
    ),
  );

/** ObjectMeta is the API server's; only its shape as a TypeScript type matters here. */
const ObjectMeta = Type.Unsafe<V1ObjectMeta>(Type.Object({}, { additionalProperties: true }));

/** A whole Tapio resource of `kind`: what a watch delivers and what the validation checks. */
export function TapioResourceSchema<Kind extends string, Spec extends TSchema, Status extends TSchema>(kind: Kind, spec: Spec, status: Status, description: string) {
  return Type.Object(
    { apiVersion: Type.Literal(API_VERSION), kind: Type.Literal(kind), metadata: ObjectMeta, spec, status: Type.Optional(status) },
    { ...strict, description },
  );
}
