// Kubernetes core types as TypeBox schemas, for the fields of StreamBusCluster that embed them.
// These belong to libs/k8s-common (its crd module is being written with shared `Quantity`,
// `ResourceRequirements`, `Affinity`, `Toleration` and `Condition` schemas); until index.ts exports
// them, they live here and are to be replaced by the shared ones.
import Type from 'typebox';

const strict = { additionalProperties: false } as const;

/** The regular expression kube-apiserver uses for resource.Quantity strings. */
const QUANTITY_PATTERN =
  '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';

export const Quantity = (options: { description: string; default?: string }) =>
  Type.Union([Type.Integer(), Type.String({ pattern: QUANTITY_PATTERN })], options);

const ResourceList = (description: string) =>
  Type.Record(Type.String(), Quantity({ description: 'A quantity such as 500m, 2 or 4Gi.' }), { description });

export const ResourceRequirements = Type.Object(
  {
    requests: Type.Optional(ResourceList('Minimum resources the scheduler reserves for each broker (cpu, memory).')),
    limits: Type.Optional(ResourceList('Maximum resources each broker may use; memory above the limit gets the broker OOM-killed.')),
  },
  { ...strict, description: 'CPU and memory requests and limits of each broker container.' },
);

const LabelSelectorRequirement = Type.Object(
  {
    key: Type.String({ description: 'The label key the selector applies to.' }),
    operator: Type.Enum(['In', 'NotIn', 'Exists', 'DoesNotExist'], { description: 'How the key relates to the values.' }),
    values: Type.Optional(Type.Array(Type.String(), { description: 'Values for In and NotIn; empty for Exists and DoesNotExist.' })),
  },
  strict,
);

const LabelSelector = (description: string) =>
  Type.Object(
    {
      matchLabels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Labels that must all match exactly.' })),
      matchExpressions: Type.Optional(Type.Array(LabelSelectorRequirement, { description: 'Requirements that must all hold.' })),
    },
    { ...strict, description },
  );

const NodeSelectorRequirement = Type.Object(
  {
    key: Type.String({ description: 'The node label or field key.' }),
    operator: Type.Enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'], { description: 'How the key relates to the values.' }),
    values: Type.Optional(Type.Array(Type.String(), { description: 'Values to compare with; one integer for Gt and Lt.' })),
  },
  strict,
);

const NodeSelectorTerm = Type.Object(
  {
    matchExpressions: Type.Optional(Type.Array(NodeSelectorRequirement, { description: 'Requirements on node labels.' })),
    matchFields: Type.Optional(Type.Array(NodeSelectorRequirement, { description: 'Requirements on node fields.' })),
  },
  { ...strict, description: 'Requirements that must all hold for a node to match.' },
);

const NodeAffinity = Type.Object(
  {
    requiredDuringSchedulingIgnoredDuringExecution: Type.Optional(
      Type.Object(
        { nodeSelectorTerms: Type.Array(NodeSelectorTerm, { description: 'A node matches when any term matches.' }) },
        { ...strict, description: 'Nodes a broker may be scheduled on.' },
      ),
    ),
    preferredDuringSchedulingIgnoredDuringExecution: Type.Optional(
      Type.Array(
        Type.Object(
          {
            weight: Type.Integer({ minimum: 1, maximum: 100, description: 'Weight of this preference, 1-100.' }),
            preference: NodeSelectorTerm,
          },
          strict,
        ),
        { description: 'Nodes the scheduler prefers for brokers.' },
      ),
    ),
  },
  { ...strict, description: 'Node affinity of the broker pods.' },
);

const PodAffinityTerm = Type.Object(
  {
    labelSelector: Type.Optional(LabelSelector('The pods this term is about.')),
    namespaceSelector: Type.Optional(LabelSelector('Namespaces the selected pods may be in; empty means all.')),
    namespaces: Type.Optional(Type.Array(Type.String(), { description: 'Namespaces the selected pods may be in.' })),
    topologyKey: Type.String({ description: 'Node label whose value defines a topology domain, e.g. kubernetes.io/hostname.' }),
    matchLabelKeys: Type.Optional(Type.Array(Type.String(), { description: 'Pod label keys whose values are added to the selector.' })),
    mismatchLabelKeys: Type.Optional(Type.Array(Type.String(), { description: 'Pod label keys whose values are excluded by the selector.' })),
  },
  { ...strict, description: 'A set of pods and the topology domain they are counted in.' },
);

const PodAffinity = (description: string) =>
  Type.Object(
    {
      requiredDuringSchedulingIgnoredDuringExecution: Type.Optional(Type.Array(PodAffinityTerm, { description: 'Terms that must hold.' })),
      preferredDuringSchedulingIgnoredDuringExecution: Type.Optional(
        Type.Array(
          Type.Object(
            {
              weight: Type.Integer({ minimum: 1, maximum: 100, description: 'Weight of this preference, 1-100.' }),
              podAffinityTerm: PodAffinityTerm,
            },
            strict,
          ),
          { description: 'Terms the scheduler tries to satisfy.' },
        ),
      ),
    },
    { ...strict, description },
  );

export const Affinity = Type.Object(
  {
    nodeAffinity: Type.Optional(NodeAffinity),
    podAffinity: Type.Optional(PodAffinity('Pods the brokers should run near.')),
    podAntiAffinity: Type.Optional(PodAffinity('Pods the brokers should run apart from (e.g. each other).')),
  },
  {
    ...strict,
    description:
      'Scheduling affinity of the broker pods. When unset, the operator prefers (does not require) one broker per node.',
  },
);

export const Toleration = Type.Object(
  {
    key: Type.Optional(Type.String({ description: 'The taint key; empty with operator Exists tolerates every taint.' })),
    operator: Type.Optional(Type.Enum(['Exists', 'Equal'], { description: 'Equal (default) compares the value; Exists ignores it.' })),
    value: Type.Optional(Type.String({ description: 'The taint value for operator Equal.' })),
    effect: Type.Optional(
      Type.Enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute'], { description: 'The taint effect to tolerate; empty means all.' }),
    ),
    tolerationSeconds: Type.Optional(Type.Integer({ description: 'For NoExecute: how long the pod stays bound after the taint appears.' })),
  },
  { ...strict, description: 'A taint the broker pods tolerate.' },
);

/** metav1.Condition. */
export const Condition = Type.Object(
  {
    type: Type.String({ description: 'Type of the condition, e.g. Ready.' }),
    status: Type.Enum(['True', 'False', 'Unknown'], { description: 'Status of the condition.' }),
    reason: Type.String({ description: 'Machine-readable CamelCase reason for the last transition.' }),
    message: Type.String({ description: 'Human-readable details.' }),
    lastTransitionTime: Type.String({ format: 'date-time', description: 'When the status last changed.' }),
    observedGeneration: Type.Optional(Type.Integer({ description: 'The .metadata.generation the condition was set for.' })),
  },
  strict,
);
