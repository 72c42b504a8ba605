// Generic, meant for libs/k8s-common's shared schemas: core Kubernetes types that custom resources
// embed (label selectors, topology spread constraints, resource lists, autoscaling/v2 metrics and
// behavior), typed so that the API server rejects a mistake at admission instead of when the
// operator writes the child. Field names, enums and limits are those of the upstream types.
import { Quantity, withCelRules, type CelRule } from '@operators/k8s-common';
import Type, { type Static, type TSchemaOptions } from 'typebox';

const strict = { additionalProperties: false } as const;

/** A map of resource names to quantities (core/v1 ResourceList), e.g. `requests.cpu: "10"`. */
export function ResourceList(options: TSchemaOptions = {}) {
  return Type.Record(Type.String({ minLength: 1, maxLength: 253 }), Quantity(), { maxProperties: 64, ...options });
}
export type ResourceList = Static<ReturnType<typeof ResourceList>>;

/** metav1.LabelSelector. */
export function LabelSelector(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      matchLabels: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'Labels an object must carry, all of them.' })),
      matchExpressions: Type.Optional(
        Type.Array(
          Type.Object(
            {
              key: Type.String({ minLength: 1, description: 'The label key the requirement applies to.' }),
              operator: Type.Enum(['In', 'NotIn', 'Exists', 'DoesNotExist'], { description: 'How the key relates to the values.' }),
              values: Type.Optional(
                Type.Array(Type.String(), { 'x-kubernetes-list-type': 'atomic', description: 'Values for In and NotIn; empty for Exists and DoesNotExist.' }),
              ),
            },
            { ...strict, description: 'One label requirement.' },
          ),
          { 'x-kubernetes-list-type': 'atomic', description: 'Label requirements, all of which must hold.' },
        ),
      ),
    },
    { ...strict, 'x-kubernetes-map-type': 'atomic', description: 'A label selector (metav1.LabelSelector).', ...options },
  );
}
export type LabelSelector = Static<ReturnType<typeof LabelSelector>>;

/** core/v1 TopologySpreadConstraint. */
export function TopologySpreadConstraint(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      maxSkew: Type.Integer({ minimum: 1, format: 'int32', description: 'How unevenly the pods may be spread: the largest allowed difference of matching pods between two domains.' }),
      topologyKey: Type.String({ minLength: 1, description: 'Node label whose values are the domains, e.g. topology.kubernetes.io/zone or kubernetes.io/hostname.' }),
      whenUnsatisfiable: Type.Enum(['DoNotSchedule', 'ScheduleAnyway'], { description: 'DoNotSchedule keeps a pod pending rather than break maxSkew; ScheduleAnyway only prefers the spread.' }),
      labelSelector: Type.Optional(LabelSelector({ description: 'The pods counted in each domain.' })),
      minDomains: Type.Optional(Type.Integer({ minimum: 1, format: 'int32', description: 'Minimum number of eligible domains (only with DoNotSchedule).' })),
      nodeAffinityPolicy: Type.Optional(Type.Enum(['Honor', 'Ignore'], { description: 'Whether the pod\'s nodeAffinity/nodeSelector limits the domains counted (default Honor).' })),
      nodeTaintsPolicy: Type.Optional(Type.Enum(['Honor', 'Ignore'], { description: 'Whether tainted nodes the pod does not tolerate are counted (default Ignore).' })),
      matchLabelKeys: Type.Optional(
        Type.Array(Type.String(), { 'x-kubernetes-list-type': 'atomic', description: 'Pod label keys whose values further narrow the pods counted, e.g. pod-template-hash.' }),
      ),
    },
    { ...strict, description: 'How pods spread across topology domains (core/v1 TopologySpreadConstraint).', ...options },
  );
}
export type TopologySpreadConstraint = Static<ReturnType<typeof TopologySpreadConstraint>>;

export function TopologySpreadConstraints(options: TSchemaOptions = {}) {
  return Type.Array(TopologySpreadConstraint(), {
    maxItems: 16,
    'x-kubernetes-list-type': 'atomic',
    description: 'Topology spread constraints copied into the pod spec.',
    ...options,
  });
}

// autoscaling/v2 --------------------------------------------------------------------------------

/** autoscaling/v2 HPAScalingRules: the limits of one direction of scaling. */
export function HpaScalingRules(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      stabilizationWindowSeconds: Type.Optional(
        Type.Integer({
          minimum: 0,
          maximum: 3600,
          format: 'int32',
          description: 'Seconds of past recommendations considered before scaling (up to one hour). The autoscaler\'s default is 0 for scale-up and 300 for scale-down.',
        }),
      ),
      selectPolicy: Type.Optional(
        Type.Enum(['Max', 'Min', 'Disabled'], { description: 'Which policy wins when several apply: Max (the default) allows the largest change, Min the smallest; Disabled turns this direction off.' }),
      ),
      policies: Type.Optional(
        Type.Array(
          Type.Object(
            {
              type: Type.Enum(['Pods', 'Percent'], { description: 'Pods: an absolute number of pods; Percent: a percentage of the current replicas.' }),
              value: Type.Integer({ minimum: 1, format: 'int32', description: 'The change allowed per period, in pods or percent.' }),
              periodSeconds: Type.Integer({ minimum: 1, maximum: 1800, format: 'int32', description: 'The window the change is allowed in, up to 30 minutes.' }),
            },
            { ...strict, description: 'One scaling policy.' },
          ),
          { maxItems: 10, 'x-kubernetes-list-type': 'atomic', description: 'Policies that limit the rate of change; unset uses the autoscaler\'s defaults.' },
        ),
      ),
    },
    { ...strict, description: 'Scaling rules of one direction (autoscaling/v2 HPAScalingRules).', ...options },
  );
}

/** autoscaling/v2 HorizontalPodAutoscalerBehavior. */
export function HpaBehavior(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      scaleUp: Type.Optional(HpaScalingRules({ description: 'How fast to scale up; unset: no stabilization, up to double the pods or 4 more every 15 s.' })),
      scaleDown: Type.Optional(HpaScalingRules({ description: 'How fast to scale down; unset: a 300 s stabilization window, then down to minReplicas at once.' })),
    },
    { ...strict, description: 'Scaling behavior (autoscaling/v2 HorizontalPodAutoscalerBehavior).', ...options },
  );
}
export type HpaBehavior = Static<ReturnType<typeof HpaBehavior>>;

type MetricTargetShape = { type: string; value?: unknown; averageValue?: unknown; averageUtilization?: number };
export const metricTargetRules: readonly CelRule<MetricTargetShape>[] = [
  {
    rule: "self.type != 'Utilization' || has(self.averageUtilization)",
    message: 'averageUtilization is required when type is Utilization',
    fieldPath: '.averageUtilization',
    holds: (self) => self.type !== 'Utilization' || self.averageUtilization !== undefined,
  },
  {
    rule: "self.type != 'Value' || has(self.value)",
    message: 'value is required when type is Value',
    fieldPath: '.value',
    holds: (self) => self.type !== 'Value' || self.value !== undefined,
  },
  {
    rule: "self.type != 'AverageValue' || has(self.averageValue)",
    message: 'averageValue is required when type is AverageValue',
    fieldPath: '.averageValue',
    holds: (self) => self.type !== 'AverageValue' || self.averageValue !== undefined,
  },
];

function MetricTarget() {
  return withCelRules(Type.Object(
    {
      type: Type.Enum(['Utilization', 'Value', 'AverageValue'], { description: 'Utilization: percent of the pods\' requests; Value: the metric\'s total; AverageValue: the total divided by the pods.' }),
      value: Type.Optional(Quantity({ description: 'Target total value (type Value).' })),
      averageValue: Type.Optional(Quantity({ description: 'Target value per pod (type AverageValue), e.g. "1000".' })),
      averageUtilization: Type.Optional(Type.Integer({ minimum: 1, format: 'int32', description: 'Target percent of the requests (type Utilization).' })),
    },
    { ...strict, description: 'The target value of a metric.' },
  ), metricTargetRules);
}

function MetricIdentifier() {
  return Type.Object(
    {
      name: Type.String({ minLength: 1, description: 'Name of the metric, e.g. http_requests_per_second.' }),
      selector: Type.Optional(LabelSelector({ description: 'Narrows the metric\'s series by label.' })),
    },
    { ...strict, description: 'Which metric.' },
  );
}

const resourceName = (description: string) => Type.String({ minLength: 1, description });

export const METRIC_SOURCE_TYPES = ['Resource', 'Pods', 'Object', 'External', 'ContainerResource'] as const;
/** The member of a MetricSpec that each type reads. */
const METRIC_SOURCE_FIELD: Record<(typeof METRIC_SOURCE_TYPES)[number], string> = {
  Resource: 'resource',
  Pods: 'pods',
  Object: 'object',
  External: 'external',
  ContainerResource: 'containerResource',
};

type MetricSpecShape = { type: string } & Record<string, unknown>;
// The HPA reads only the member its type names, and the API server rejects a metric with another.
export const metricSpecRules: readonly CelRule<MetricSpecShape>[] = METRIC_SOURCE_TYPES.flatMap((type) => {
  const field = METRIC_SOURCE_FIELD[type];
  return [
    {
      rule: `self.type != '${type}' || has(self.${field})`,
      message: `${field} is required when type is ${type}`,
      fieldPath: `.${field}`,
      holds: (self: MetricSpecShape) => self.type !== type || self[field] !== undefined,
    },
    {
      rule: `!has(self.${field}) || self.type == '${type}'`,
      message: `${field} is only used when type is ${type}`,
      fieldPath: `.${field}`,
      holds: (self: MetricSpecShape) => self[field] === undefined || self.type === type,
    },
  ];
});

/** autoscaling/v2 MetricSpec: one metric the HorizontalPodAutoscaler scales on. */
export function MetricSpec(options: TSchemaOptions = {}) {
  return withCelRules(Type.Object(
    {
      type: Type.Enum([...METRIC_SOURCE_TYPES], { description: 'Which source: Resource (cpu, memory of the pods), ContainerResource (of one container), Pods (a per-pod custom metric), Object (a metric of another object), External (a metric from outside the cluster).' }),
      resource: Type.Optional(
        Type.Object({ name: resourceName('cpu or memory.'), target: MetricTarget() }, { ...strict, description: 'A resource metric of the pods (type Resource).' }),
      ),
      containerResource: Type.Optional(
        Type.Object(
          { name: resourceName('cpu or memory.'), container: Type.String({ minLength: 1, description: 'The container whose usage counts.' }), target: MetricTarget() },
          { ...strict, description: 'A resource metric of one container of the pods (type ContainerResource).' },
        ),
      ),
      pods: Type.Optional(
        Type.Object({ metric: MetricIdentifier(), target: MetricTarget() }, { ...strict, description: 'A custom metric averaged over the pods (type Pods), e.g. from the Prometheus adapter.' }),
      ),
      object: Type.Optional(
        Type.Object(
          {
            describedObject: Type.Object(
              {
                apiVersion: Type.Optional(Type.String({ description: 'API version of the object.' })),
                kind: Type.String({ minLength: 1, description: 'Kind of the object.' }),
                name: Type.String({ minLength: 1, description: 'Name of the object.' }),
              },
              { ...strict, description: 'The object the metric describes.' },
            ),
            metric: MetricIdentifier(),
            target: MetricTarget(),
          },
          { ...strict, description: 'A metric of another object in the namespace (type Object), e.g. an Ingress\'s request rate.' },
        ),
      ),
      external: Type.Optional(
        Type.Object({ metric: MetricIdentifier(), target: MetricTarget() }, { ...strict, description: 'A metric from outside the cluster (type External).' }),
      ),
    },
    { ...strict, description: 'A metric to scale on (autoscaling/v2 MetricSpec).', ...options },
  ), metricSpecRules);
}
export type MetricSpec = Static<ReturnType<typeof MetricSpec>>;

export function MetricSpecs(options: TSchemaOptions = {}) {
  return Type.Array(MetricSpec(), { maxItems: 10, 'x-kubernetes-list-type': 'atomic', description: 'Metrics to scale on.', ...options });
}
