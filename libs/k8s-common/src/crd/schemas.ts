import Type, { type Static, type TSchema, type TSchemaOptions } from 'typebox';
import type { V1Affinity, V1EnvVarSource, V1ObjectMeta } from '@kubernetes/client-node';

// Patterns as kube-apiserver's own OpenAPI schemas spell them, so CRs reject what core types reject.
const QUANTITY_PATTERN = '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$';
const CONDITION_TYPE_PATTERN = '^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$';
const CONDITION_REASON_PATTERN = '^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$';
// Go's time.ParseDuration syntax without a sign, which is what operators mean by a timeout or period.
const GO_DURATION_PATTERN = '^(0|([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$';

const preserveUnknownObject = (description: string, options: TSchemaOptions) => ({
  type: 'object',
  'x-kubernetes-preserve-unknown-fields': true,
  description,
  ...options,
});

/** A whole custom resource: what `validateResource` checks and what a watch delivers. */
export function CustomResource<Spec extends TSchema, Status extends TSchema>(spec: Spec, status: Status) {
  return Type.Object({
    apiVersion: Type.String(),
    kind: Type.String(),
    metadata: Type.Unsafe<V1ObjectMeta>({ type: 'object' }),
    spec,
    status: Type.Optional(status),
  });
}

/** A number or a string such as `25%` (IntOrString). */
export function IntOrString(options: TSchemaOptions = {}) {
  return Type.Union([Type.Integer(), Type.String()], { 'x-kubernetes-int-or-string': true, ...options });
}
export type IntOrString = Static<ReturnType<typeof IntOrString>>;

/** A resource quantity such as `500m`, `2Gi` or `1` (resource.Quantity). */
export function Quantity(options: TSchemaOptions = {}) {
  return Type.Union([Type.Integer(), Type.String({ pattern: QUANTITY_PATTERN })], {
    'x-kubernetes-int-or-string': true,
    description: 'A quantity such as 500m, 2Gi or 1.',
    ...options,
  });
}
export type Quantity = Static<ReturnType<typeof Quantity>>;

/** A Go duration such as `30s` or `1h30m`; JSON Schema's `format: duration` means ISO 8601 instead. */
export function Duration(options: TSchemaOptions = {}) {
  return Type.String({ pattern: GO_DURATION_PATTERN, description: 'A duration such as 30s, 5m or 1h30m.', ...options });
}

/** metav1.Condition, with the upstream constraints. */
export function Condition(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      type: Type.String({ maxLength: 316, pattern: CONDITION_TYPE_PATTERN, description: 'Type of condition in CamelCase, e.g. Ready.' }),
      status: Type.Union([Type.Literal('True'), Type.Literal('False'), Type.Literal('Unknown')], { description: 'Status of the condition: True, False or Unknown.' }),
      observedGeneration: Type.Optional(
        Type.Integer({ format: 'int64', minimum: 0, description: 'The .metadata.generation the condition was set for; older than the current generation means the condition is out of date.' }),
      ),
      lastTransitionTime: Type.String({ format: 'date-time', description: 'When the condition last changed from one status to another.' }),
      reason: Type.String({ minLength: 1, maxLength: 1024, pattern: CONDITION_REASON_PATTERN, description: "Programmatic identifier for the condition's last transition, in CamelCase." }),
      message: Type.String({ maxLength: 32768, description: 'Human-readable details about the transition; may be empty.' }),
    },
    { description: 'An observation of one aspect of the current state of the object.', ...options },
  );
}
export type Condition = Static<ReturnType<typeof Condition>>;

/** Conditions keyed by type, so server-side apply merges them one by one. */
export function Conditions(options: TSchemaOptions = {}) {
  return Type.Array(Condition(), {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['type'],
    description: 'Latest observations of the object, one per condition type.',
    ...options,
  });
}

/** Compute resources of a container, as in a pod spec (requests and limits maps of quantities). */
export function ResourceRequirements(options: TSchemaOptions = {}) {
  const quantities = (description: string) => Type.Optional(Type.Record(Type.String(), Quantity(), { description }));
  return Type.Object(
    {
      requests: quantities('Minimum amount of each resource, e.g. cpu: 100m, memory: 128Mi.'),
      limits: quantities('Maximum amount of each resource.'),
      claims: Type.Optional(
        Type.Array(
          Type.Object({
            name: Type.String({ description: 'Name of a resource claim of the pod.' }),
            request: Type.Optional(Type.String({ description: 'Name of a request within that claim.' })),
          }),
          { 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], description: 'Dynamically allocated resources (DRA) the container uses.' },
        ),
      ),
    },
    { description: 'Compute resources: requests and limits.', ...options },
  );
}
export type ResourceRequirements = Static<ReturnType<typeof ResourceRequirements>>;

/** Pod affinity rules, passed to the pod spec verbatim; the API server validates them there. */
export function Affinity(options: TSchemaOptions = {}) {
  return Type.Unsafe<V1Affinity>(preserveUnknownObject('Pod scheduling affinity (core/v1 Affinity), copied into the pod spec.', options));
}

export function Toleration(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      key: Type.Optional(Type.String({ description: 'Taint key the toleration applies to; empty with operator Exists matches every taint.' })),
      operator: Type.Optional(Type.String({ description: 'Exists or Equal (default Equal).' })),
      value: Type.Optional(Type.String({ description: 'Taint value the toleration matches when operator is Equal.' })),
      effect: Type.Optional(Type.String({ description: 'NoSchedule, PreferNoSchedule or NoExecute; empty matches all effects.' })),
      tolerationSeconds: Type.Optional(Type.Integer({ format: 'int64', description: 'How long a NoExecute taint is tolerated before eviction.' })),
    },
    { description: 'Lets the pod schedule onto nodes with a matching taint (core/v1 Toleration).', ...options },
  );
}
export type Toleration = Static<ReturnType<typeof Toleration>>;

export function Tolerations(options: TSchemaOptions = {}) {
  return Type.Array(Toleration(), { 'x-kubernetes-list-type': 'atomic', description: 'Tolerations copied into the pod spec.', ...options });
}

export function NodeSelector(options: TSchemaOptions = {}) {
  return Type.Record(Type.String(), Type.String(), {
    'x-kubernetes-map-type': 'atomic',
    description: 'Node labels a node must have for the pod to be scheduled there.',
    ...options,
  });
}

export function PodLabels(options: TSchemaOptions = {}) {
  return Type.Record(Type.String(), Type.String(), { description: 'Extra labels for the pods.', ...options });
}

export function PodAnnotations(options: TSchemaOptions = {}) {
  return Type.Record(Type.String(), Type.String(), { description: 'Extra annotations for the pods.', ...options });
}

export function EnvVar(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      name: Type.String({ minLength: 1, description: 'Name of the environment variable.' }),
      value: Type.Optional(Type.String({ description: 'Literal value; $(VAR) references are expanded by the kubelet.' })),
      valueFrom: Type.Optional(
        Type.Unsafe<V1EnvVarSource>(preserveUnknownObject('Source of the value: configMapKeyRef, secretKeyRef, fieldRef or resourceFieldRef (core/v1 EnvVarSource).', {})),
      ),
    },
    { description: 'An environment variable of the container (core/v1 EnvVar).', ...options },
  );
}
export type EnvVar = Static<ReturnType<typeof EnvVar>>;

/** Environment variables keyed by name, so a name can only appear once. */
export function EnvVars(options: TSchemaOptions = {}) {
  return Type.Array(EnvVar(), {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
    description: 'Environment variables copied into the container.',
    ...options,
  });
}

/** A reference to an object in the same namespace, e.g. an image pull secret. */
export function LocalObjectReference(options: TSchemaOptions = {}) {
  return Type.Object(
    { name: Type.Optional(Type.String({ default: '', description: 'Name of the referenced object.' })) },
    { 'x-kubernetes-map-type': 'atomic', description: 'A reference to an object in the same namespace.', ...options },
  );
}
export type LocalObjectReference = Static<ReturnType<typeof LocalObjectReference>>;
