import { ConditionsSchema, type CustomResourceDefinitionInput, NodeSelector, Tolerations } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { celRules, type CrossFieldRule } from '../../support/cross-field-rule.ts';
import { nameRule } from '../../support/name-rule.ts';
import { resolveCrdForms } from '../../support/crd-form.ts';
import { Switch } from '../../support/switch.ts';
import { celHas, celIsTrue } from './cel.ts';
import { CATEGORIES, GROUP, PROFILES, VERSION } from './group.ts';
import {
  Autoscaling,
  Canary,
  CanaryRolloutStatus,
  Correlation,
  Embedded,
  EmbeddedStorage,
  embeddedRules,
  EtcdAccess,
  Image,
  ImageRegistry,
  intelligenceHighAvailabilityRules,
  Monitoring,
  NATS_IMAGE,
  Neo4j,
  Resources,
  StringMap,
  strict,
  TapioResourceSchema,
  Version,
  VerticalAutoscaling,
  VolumeSize,
  WorkloadStatus,
  type IntelligenceShape,
} from './shared.ts';

export const KIND = 'TapioCluster';
export const PLURAL = 'tapioclusters';
export const SINGULAR = 'tapiocluster';
export const SHORT_NAMES = ['tc'];

/**
 * The longest TapioCluster name: its TapioIntelligence is named after it, whose longest child is a
 * restore Job `<name>-restore-<8 hex>-<ordinal>` (a Job name is a pod label value, at most 63), and
 * its collectors are `<name>-kubernetes`, whose metrics Service `<collector>-metrics` is a DNS label.
 */
export const MAX_CLUSTER_NAME_LENGTH = 43;

export const clusterNameRules = [nameRule(MAX_CLUSTER_NAME_LENGTH, "the names of its Services, StatefulSets and Jobs derive from it")] as const;

export const collectorsSchema = Type.Object(
  {
    all: Type.Optional(Switch({ description: 'Every collector except etcd: kubernetes, ebpf, systemd and cni. A collector set to false stays off.' })),
    kubernetes: Type.Optional(Switch({ description: 'The Kubernetes API collector: events and object changes, from a Deployment with a read-only ClusterRole of its own.' })),
    ebpf: Type.Optional(Switch({ description: 'The eBPF collector: kernel events, from a DaemonSet on every node (with only the capabilities eBPF needs). Not with profile edge.' })),
    systemd: Type.Optional(Switch({ description: "The systemd collector: service events, from a DaemonSet reading each node's journal (mounted read-only)." })),
    cni: Type.Optional(Switch({ description: 'The CNI collector: network events, from a DaemonSet on every node.' })),
    etcd: Type.Optional(
      Switch({ description: 'The etcd collector: from a Deployment with etcd client certificates (collectorOptions.etcd.secretName, required). Not included in all: it runs only when asked.' }),
    ),
  },
  {
    ...strict,
    default: {},
    description: "Which collectors run; one TapioCollector <cluster>-<collector> each. When none is set, the profile's: development and edge run kubernetes, production all.",
  },
);

const Replicas = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: `${description} Unset: chosen by spec.profile (see docs/tapio.md).` }));

export const natsSchema = Type.Object(
  {
    replicas: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 9, description: 'NATS servers (StatefulSet <cluster>-nats); more than one form a cluster with routes. Unset: chosen by spec.profile (see docs/tapio.md).' }),
    ),
    storage: VolumeSize(true, undefined, "Size of each NATS server's JetStream volume (PVC data-<cluster>-nats-<ordinal>).", 'nats.storage'),
    storageClass: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 253,
        description: "StorageClass of the JetStream volumes; unset uses the cluster's default. Cannot change after creation.",
        'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'nats.storageClass is immutable: the JetStream volumes already exist in their StorageClass' }],
      }),
    ),
    image: Image(NATS_IMAGE, 'NATS server image.'),
    resources: Resources('CPU and memory of each NATS server; unset: a size that suits the profile.'),
  },
  { ...strict, default: {}, description: 'NATS with JetStream: the event streaming backbone between collectors and the correlation service.' },
);

type GatewayAuthentication = { enabled?: boolean; secretName?: string };
export const gatewayAuthenticationRules: readonly CrossFieldRule<GatewayAuthentication>[] = [
  {
    rule: `!${celIsTrue('self.enabled')} || has(self.secretName)`,
    message: 'secretName is required when authentication is enabled',
    fieldPath: '.secretName',
    holds: (self) => !self.enabled || self.secretName !== undefined,
  },
];

export const gatewaySchema = Type.Object(
  {
    replicas: Replicas('API gateway pods (Deployment <cluster>-gateway).'),
    rateLimit: Type.Optional(
      Type.Object(
        {
          requestsPerSecond: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 100, description: 'Requests per second each client may make, on average.' })),
          burst: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 200, description: 'Requests a client may make at once above the average.' })),
        },
        { ...strict, default: {}, description: 'Rate limit per client, written into the gateway configuration (ConfigMap <cluster>-gateway).' },
      ),
    ),
    authentication: Type.Optional(
      Type.Object(
        {
          enabled: Type.Optional(Type.Boolean({ default: false, description: 'Require an API token on every request.' })),
          secretName: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'Secret whose key tokens holds the accepted API tokens, one per line; required when enabled.' })),
        },
        { ...strict, default: {}, description: 'Authentication of API clients.', 'x-kubernetes-validations': celRules(gatewayAuthenticationRules) },
      ),
    ),
    service: Type.Optional(
      Type.Object(
        {
          type: Type.Optional(Type.Enum(['ClusterIP', 'NodePort', 'LoadBalancer'], { default: 'ClusterIP', description: 'Type of the gateway Service <cluster>-gateway.' })),
          port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535, default: 8080, description: 'Port of the gateway Service.' })),
          annotations: Type.Optional(StringMap('Annotations of the gateway Service, e.g. for a cloud load balancer.')),
        },
        { ...strict, default: {}, description: 'How the API is exposed.' },
      ),
    ),
    resources: Resources('CPU and memory of each gateway pod; unset: a size that suits the profile.'),
    autoscaling: Autoscaling('API gateway'),
    canary: Canary('API gateway'),
  },
  { ...strict, default: {}, description: 'The API gateway: external API access, authentication and rate limiting.' },
);

export const intelligenceSchema = Type.Object(
  {
    embedded: Embedded(true),
    embeddedStorage: EmbeddedStorage(),
    neo4j: Neo4j(true),
    correlation: Correlation(true),
  },
  {
    ...strict,
    default: {},
    description: 'The intelligence layer (TapioIntelligence <cluster>): Neo4j and the correlation service.',
    'x-kubernetes-validations': celRules(embeddedRules),
  },
);

type ClusterShape = {
  highAvailability?: boolean;
  intelligence?: IntelligenceShape;
  nats?: { replicas?: number };
  gateway?: { replicas?: number; autoscaling?: { minReplicas?: number } };
};

const HA = celIsTrue('self.highAvailability');
export const highAvailabilityRules: readonly CrossFieldRule<ClusterShape>[] = [
  ...intelligenceHighAvailabilityRules<ClusterShape>('self.intelligence', '.intelligence', (self) => self.intelligence),
  {
    rule: `!${HA} || !${celHas('self.gateway.replicas')} || self.gateway.replicas > 1`,
    message: 'gateway.replicas must be at least 2 with highAvailability',
    fieldPath: '.gateway.replicas',
    holds: (self) => !self.highAvailability || (self.gateway?.replicas ?? 2) > 1,
  },
  {
    rule: `!${HA} || !${celHas('self.gateway.autoscaling.minReplicas')} || self.gateway.autoscaling.minReplicas > 1`,
    message: 'gateway.autoscaling.minReplicas must be at least 2 with highAvailability',
    fieldPath: '.gateway.autoscaling.minReplicas',
    holds: (self) => !self.highAvailability || (self.gateway?.autoscaling?.minReplicas ?? 2) > 1,
  },
  {
    rule: `!${HA} || !${celHas('self.nats.replicas')} || self.nats.replicas >= 3`,
    message: 'nats.replicas must be at least 3 with highAvailability: JetStream keeps working after losing a server only with a majority of at least 3',
    fieldPath: '.nats.replicas',
    holds: (self) => !self.highAvailability || (self.nats?.replicas ?? 3) >= 3,
  },
];

export const TapioClusterSpec = Type.Object(
  {
    version: Version('Tapio version: the image tag of the collectors, the correlation service and the API gateway. Changing it rolls them (the correlation service and gateway as a canary when asked).'),
    imageRegistry: ImageRegistry(),
    profile: Type.Optional(
      Type.Enum([...PROFILES], {
        default: 'production',
        description:
          'Defaults for everything left unset, filled in by the mutating webhook when the object is written (so they show in the stored object) and by the operator otherwise. development: single replicas, small volumes. production: highAvailability (multi-replica, PodDisruptionBudgets, anti-affinity, zone spread) and daily backups. edge: lightweight, the embedded graph database, no eBPF.',
      }),
    ),
    highAvailability: Type.Optional(
      Type.Boolean({ description: 'Several replicas of every service, PodDisruptionBudgets, pod anti-affinity and zone spread. Unset: true with profile production.' }),
    ),
    lightweight: Type.Optional(Type.Boolean({ description: 'Small resource requests and volumes for constrained nodes. Unset: true with profile edge.' })),
    collectors: Type.Optional(collectorsSchema),
    collectorOptions: Type.Optional(
      Type.Object(
        {
          etcd: EtcdAccess(),
          nodeSelector: Type.Optional(NodeSelector({ description: 'Node labels a node must have to run the node collectors (ebpf, systemd, cni).' })),
          tolerations: Type.Optional(
            Tolerations({ description: 'Taints the node collectors tolerate; unset: every taint, so that every node is observed.' }),
          ),
          verticalAutoscaling: VerticalAutoscaling(),
        },
        { ...strict, default: {}, description: 'Settings passed to every TapioCollector.' },
      ),
    ),
    intelligence: Type.Optional(intelligenceSchema),
    nats: Type.Optional(natsSchema),
    gateway: Type.Optional(gatewaySchema),
    monitoring: Monitoring(),
    resources: Resources('CPU and memory of each Neo4j server and correlation pod where intelligence.neo4j.resources or intelligence.correlation.resources is unset.'),
    security: Type.Optional(
      Type.Object(
        {
          networkPolicies: Type.Optional(
            Type.Boolean({ default: true, description: 'NetworkPolicies that admit only the traffic between the components that talks to each other, plus the gateway from anywhere.' }),
          ),
          podSecurityLabels: Type.Optional(
            Type.Boolean({
              default: true,
              description: "Set Pod Security admission labels on the namespace: enforce the least level the enabled collectors need (privileged for the eBPF, systemd and CNI collectors' host access, restricted otherwise), audit and warn restricted.",
            }),
          ),
        },
        { ...strict, default: {}, description: 'Security features.' },
      ),
    ),
  },
  {
    ...strict,
    description: 'Desired state of a Tapio platform: its collectors, intelligence layer, NATS and API gateway.',
    'x-kubernetes-validations': celRules(highAvailabilityRules),
  },
);

export const TapioClusterStatus = Type.Object(
  {
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation this status describes.' })),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded; Paused and optional integrations when relevant.' })),
    collectors: Type.Optional(
      Type.Array(
        Type.Object(
          {
            type: Type.String({ description: 'The collector: kubernetes, ebpf, systemd, cni or etcd.' }),
            name: Type.String({ description: 'Its TapioCollector.' }),
            ready: Type.Boolean({ description: 'Whether that TapioCollector is Ready.' }),
          },
          strict,
        ),
        { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['type'], description: 'The enabled collectors.' },
      ),
    ),
    intelligence: Type.Optional(
      Type.Object(
        { name: Type.String({ description: 'The TapioIntelligence.' }), ready: Type.Boolean({ description: 'Whether it is Ready.' }) },
        { ...strict, description: 'The intelligence layer.' },
      ),
    ),
    nats: WorkloadStatus('The NATS StatefulSet.'),
    gateway: Type.Optional(
      Type.Object(
        {
          replicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Gateway pods that exist, stable and canary.' })),
          readyReplicas: Type.Optional(Type.Integer({ minimum: 0, description: 'Gateway pods that are ready.' })),
          url: Type.Optional(Type.String({ description: 'In-cluster address of the API, http://<cluster>-gateway.<namespace>.svc:<port>.' })),
          canary: CanaryRolloutStatus('API gateway'),
        },
        { ...strict, description: 'The API gateway.' },
      ),
    ),
  },
  { ...strict, description: 'Observed state of the Tapio platform, written by the operator.' },
);

export const TapioClusterSchema = TapioResourceSchema(KIND, TapioClusterSpec, TapioClusterStatus, 'A Tapio observability platform.');

export type TapioClusterSpec = Static<typeof TapioClusterSpec>;
export type TapioClusterStatus = Static<typeof TapioClusterStatus>;
export type TapioCluster = Static<typeof TapioClusterSchema>;

export const tapioClusterCrd: CustomResourceDefinitionInput = {
  group: GROUP,
  names: { kind: KIND, plural: PLURAL, singular: SINGULAR, shortNames: SHORT_NAMES, categories: CATEGORIES },
  scope: 'Namespaced',
  description:
    'A Tapio observability platform: one TapioCollector per enabled collector, one TapioIntelligence (Neo4j and the correlation service), NATS with JetStream and the API gateway.',
  versions: [
    {
      name: VERSION,
      spec: resolveCrdForms(TapioClusterSpec),
      status: TapioClusterStatus,
      validations: celRules(clusterNameRules),
      subresources: { status: true },
      printerColumns: [
        { name: 'Profile', type: 'string', jsonPath: '.spec.profile' },
        { name: 'Version', type: 'string', jsonPath: '.spec.version' },
        { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
        { name: 'Reason', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].reason', priority: 1 },
        { name: 'HA', type: 'boolean', jsonPath: '.spec.highAvailability', priority: 1 },
        { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      ],
    },
  ],
};
