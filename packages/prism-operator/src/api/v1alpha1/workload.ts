// Schema pieces every Prism workload shares (pattern runners, the proxy, the admin plane):
// placement, the Service, resources.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { Affinity, Defaulted, NodeSelector, ResourceRequirements, Tolerations } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { TopologySpreadConstraints } from '../../support/schemas.ts';

export const strict = { additionalProperties: false } as const;

/** ObjectMeta is the API server's; only its shape as a TypeScript type matters here. */
export const ObjectMeta = Type.Unsafe<V1ObjectMeta>(Type.Object({}, { additionalProperties: true }));

export const StringMap = (description: string, maxProperties = 64) =>
  Type.Record(Type.String({ minLength: 1, maxLength: 253 }), Type.String({ maxLength: 4096 }), { maxProperties, description });

export const Port = (description: string, defaultPort: number) =>
  Defaulted(Type.Integer({ minimum: 1, maximum: 65535, default: defaultPort, description }));

export const Switch = (description: string, defaultValue = false) => Defaulted(Type.Boolean({ default: defaultValue, description }));

/** A Secret in the resource's namespace, by name. */
export const SecretName = (description: string) => Type.String({ minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', description });
/** A key of a Secret. */
export const SecretKey = (description: string) => Type.String({ minLength: 1, maxLength: 253, pattern: '^[-._a-zA-Z0-9]+$', description });

export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export const ImagePullPolicy = () =>
  Defaulted(Type.Enum([...PULL_POLICIES], { default: 'IfNotPresent', description: 'When the kubelet pulls the image.' }));

/**
 * Requests matter here more than usual: CPU and memory utilization targets (HPA, and KEDA's cpu and
 * memory triggers) are percentages of them, so an autoscaled pod without requests cannot be scaled.
 */
export const DEFAULT_RESOURCES = { requests: { cpu: '100m', memory: '128Mi' } };
export const Resources = (what: string) =>
  Defaulted(
    ResourceRequirements({
      default: DEFAULT_RESOURCES,
      description: `CPU and memory requests and limits of ${what}. Unset: requests of 100m CPU and 128Mi memory (utilization targets are percentages of the requests).`,
    }),
  );

export const placementSchema = Type.Object(
  {
    nodeSelector: Type.Optional(NodeSelector({ description: 'Node labels a node must have for the pods to run there, e.g. workload: data-intensive.' })),
    affinity: Type.Optional(Affinity({ description: 'Node, pod and pod anti-affinity of the pods (core/v1 Affinity), copied into the pod spec.' })),
    tolerations: Type.Optional(Tolerations({ description: 'Taints the pods tolerate.' })),
    topologySpreadConstraints: Type.Optional(TopologySpreadConstraints({ description: 'How the pods spread across zones or nodes.' })),
    priorityClassName: Type.Optional(Type.String({ minLength: 1, maxLength: 253, description: 'PriorityClass of the pods.' })),
  },
  { ...strict, description: 'Where the pods run: node selection, affinity, tolerations and spreading.' },
);
export type Placement = Static<typeof placementSchema>;

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export const serviceTypeSchema = () =>
  Defaulted(Type.Enum([...SERVICE_TYPES], { default: 'ClusterIP', description: 'Type of the Service.' }));
export const serviceAnnotationsSchema = () =>
  Type.Optional(StringMap('Annotations of the Service, e.g. for a cloud load balancer.'));
