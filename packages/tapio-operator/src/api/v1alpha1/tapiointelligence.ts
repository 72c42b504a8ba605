import { ConditionsSchema, type CustomResourceDefinitionInput } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { celRules, type CrossFieldRule } from '../../support/cross-field-rule.ts';
import { nameRule } from '../../support/name-rule.ts';
import { celIsTrue } from './cel.ts';
import { CATEGORIES, GROUP, VERSION } from './group.ts';
import {
  CanaryRolloutStatus,
  Correlation,
  Embedded,
  EmbeddedStorage,
  embeddedRules,
  ImageRegistry,
  intelligenceHighAvailabilityRules,
  Monitoring,
  Neo4j,
  Resources,
  strict,
  TapioResourceSchema,
  Version,
  WorkloadStatus,
  type IntelligenceShape,
} from './shared.ts';

export const KIND = 'TapioIntelligence';
export const PLURAL = 'tapiointelligences';
export const SINGULAR = 'tapiointelligence';
export const SHORT_NAMES = ['tint'];

/** The longest name: its restore Jobs are `<name>-restore-<8 hex>-<ordinal>`, and a Job name is a pod label value (at most 63). */
export const MAX_INTELLIGENCE_NAME_LENGTH = 43;

export const intelligenceNameRules = [nameRule(MAX_INTELLIGENCE_NAME_LENGTH, "the names of its Services, StatefulSet and Jobs derive from it")] as const;

type IntelligenceSpecShape = IntelligenceShape & { highAvailability?: boolean; restore?: { backupName?: string } };
export const intelligenceSpecRules: readonly CrossFieldRule<IntelligenceSpecShape>[] = [
  ...embeddedRules,
  ...intelligenceHighAvailabilityRules<IntelligenceSpecShape>('self', '', (self) => self),
  {
    rule: `!${celIsTrue('self.embedded')} || !has(self.restore)`,
    message: 'restore needs Neo4j: the embedded graph database has no backups to restore',
    fieldPath: '.restore',
    holds: (self) => !self.embedded || self.restore === undefined,
  },
];

export const TapioIntelligenceSpec = Type.Object(
  {
    version: Version('Tapio version: the image tag of the correlation service. Changing it rolls the service (as a canary when asked).'),
    imageRegistry: ImageRegistry(),
    natsUrl: Type.String({ pattern: '^nats://[^\\s]+$', description: 'Where the correlation service reads events from, e.g. nats://<cluster>-nats.<namespace>.svc:4222.' }),
    natsCredentialsSecretName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 253, description: 'Secret with the NATS user (keys username and password); unset: NATS without authentication.' }),
    ),
    highAvailability: Type.Optional(Type.Boolean({ default: false, description: 'PodDisruptionBudgets, pod anti-affinity and zone spread for Neo4j and the correlation service.' })),
    lightweight: Type.Optional(Type.Boolean({ default: false, description: 'Small resource requests, for constrained nodes.' })),
    embedded: Embedded(false),
    embeddedStorage: EmbeddedStorage(),
    neo4j: Neo4j(false),
    correlation: Correlation(false),
    resources: Resources('CPU and memory of each Neo4j server and correlation pod where neo4j.resources or correlation.resources is unset.'),
    restore: Type.Optional(
      Type.Object(
        {
          backupName: Type.String({
            minLength: 1,
            maxLength: 63,
            pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
            description: 'The backup to restore: the name of the Job that wrote it (see status.lastBackup.name), a directory on the backup volume.',
          }),
        },
        {
          ...strict,
          description:
            'Restore Neo4j from a backup: the operator stops Neo4j, runs one restore Job per server before Neo4j starts again, and records the outcome in status.restore. A restore runs once per backupName.',
        },
      ),
    ),
    networkPolicies: Type.Optional(Type.Boolean({ default: true, description: 'NetworkPolicies that admit only the traffic between the components that talk to each other.' })),
    monitoring: Monitoring(),
  },
  { ...strict, description: 'Desired state of a Tapio intelligence layer.', 'x-kubernetes-validations': celRules(intelligenceSpecRules) },
);

export const RESTORE_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed'] as const;

export const TapioIntelligenceStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation this status describes.' })),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded; Paused, BackupFailed and optional integrations when relevant.' })),
    neo4j: WorkloadStatus('The Neo4j StatefulSet.'),
    correlation: Type.Optional(
      Type.Object(
        {
          replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Correlation pods that exist, stable and canary.' })),
          readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Correlation pods that are ready.' })),
          selector: Type.Optional(Type.String({ description: 'Label selector of the correlation pods (for the scale subresource).' })),
          canary: CanaryRolloutStatus('correlation service'),
        },
        { ...strict, description: 'The correlation service.' },
      ),
    ),
    lastBackup: Type.Optional(
      Type.Object(
        {
          name: Type.String({ description: 'The backup: the name of the Job that wrote it, and of its directory on the backup volume; restore.backupName takes it.' }),
          completionTime: Type.String({ format: 'date-time', description: 'When the backup Job succeeded.' }),
        },
        { ...strict, description: 'The last successful backup, scheduled or on demand, from its Job.' },
      ),
    ),
    restore: Type.Optional(
      Type.Object(
        {
          backupName: Type.String({ description: 'The backup being, or last, restored.' }),
          phase: Type.Enum([...RESTORE_PHASES], { description: 'Pending: Neo4j is being stopped. Running: the restore Jobs run. Succeeded: Neo4j started on the restored data. Failed: a restore Job failed; Neo4j stays stopped until restore changes.' }),
          message: Type.Optional(Type.String({ description: 'Human-readable details.' })),
          completionTime: Type.Optional(Type.String({ format: 'date-time', description: 'When the restore succeeded.' })),
        },
        { ...strict, description: 'The restore asked for by spec.restore.' },
      ),
    ),
  },
  { ...strict, description: 'Observed state of the intelligence layer, written by the operator.' },
);

export const TapioIntelligenceSchema = TapioResourceSchema(KIND, TapioIntelligenceSpec, TapioIntelligenceStatus, 'A Tapio intelligence layer.');

export type TapioIntelligenceSpec = Static<typeof TapioIntelligenceSpec>;
export type TapioIntelligenceStatus = Static<typeof TapioIntelligenceStatus>;
export type TapioIntelligence = Static<typeof TapioIntelligenceSchema>;

export const tapioIntelligenceCrd: CustomResourceDefinitionInput = {
  group: GROUP,
  names: { kind: KIND, plural: PLURAL, singular: SINGULAR, shortNames: SHORT_NAMES, categories: CATEGORIES },
  scope: 'Namespaced',
  description:
    'A Tapio intelligence layer: Neo4j (StatefulSet, backups, restore) or the embedded graph database, and the correlation service. A TapioCluster creates one named after itself; one can also be created on its own.',
  versions: [
    {
      name: VERSION,
      spec: TapioIntelligenceSpec,
      status: TapioIntelligenceStatus,
      validations: celRules(intelligenceNameRules),
      subresources: {
        status: true,
        // Scaling a TapioIntelligence scales its correlation service: the stateless part. The Neo4j
        // cluster size is a quorum decision (odd sizes only), not something to autoscale.
        scale: { specReplicasPath: '.spec.correlation.replicas', statusReplicasPath: '.status.correlation.replicas', labelSelectorPath: '.status.correlation.selector' },
      },
      printerColumns: [
        { name: 'Neo4j', type: 'integer', jsonPath: '.spec.neo4j.replicas', description: 'Neo4j servers (unused when embedded).' },
        { name: 'Embedded', type: 'boolean', jsonPath: '.spec.embedded' },
        { name: 'Correlation', type: 'integer', jsonPath: '.status.correlation.readyReplicas' },
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Last Backup', type: 'date', jsonPath: '.status.lastBackup.completionTime' },
        { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    },
  ],
};
