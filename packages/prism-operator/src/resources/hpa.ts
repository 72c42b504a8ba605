// autoscaling/v2 HorizontalPodAutoscalers of Prism Deployments: CPU and memory utilization, custom
// metrics, and scaling behavior. One builder for the pattern runners and the proxy.
import type { V2HorizontalPodAutoscaler, V2HorizontalPodAutoscalerBehavior, V2MetricSpec, V2MetricTarget } from '@kubernetes/client-node';
import type { Quantity } from '@operators/k8s-common';
import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import type { HpaBehavior, MetricSpec } from '../support/schemas.ts';
import { childMetadata, PATTERN_COMPONENT, type ChildMetadata } from './metadata.ts';
import { patternDeploymentName, patternHpaName } from './pattern-names.ts';

export interface HpaSpecInput {
  deploymentName: string;
  minReplicas: number;
  maxReplicas: number;
  targetCPUUtilizationPercentage?: number;
  targetMemoryUtilizationPercentage?: number;
  metrics?: readonly MetricSpec[];
  behavior?: HpaBehavior;
}

/** An HPA scaling `deploymentName` on CPU, then memory, then the further metrics, in that order. */
export function horizontalPodAutoscaler(metadata: ChildMetadata, input: HpaSpecInput): V2HorizontalPodAutoscaler {
  const utilization = (name: string, averageUtilization: number): V2MetricSpec => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization } },
  });
  const metrics: V2MetricSpec[] = [
    ...(input.targetCPUUtilizationPercentage !== undefined ? [utilization('cpu', input.targetCPUUtilizationPercentage)] : []),
    ...(input.targetMemoryUtilizationPercentage !== undefined ? [utilization('memory', input.targetMemoryUtilizationPercentage)] : []),
    ...(input.metrics ?? []).map(toHpaMetric),
  ];
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: input.deploymentName },
      minReplicas: input.minReplicas,
      maxReplicas: input.maxReplicas,
      metrics,
      ...(input.behavior ? { behavior: toHpaBehavior(input.behavior) } : {}),
    },
  };
}

/** The HPA of a pattern with scaler hpa: the seed's CPU target, memory target, custom metrics and behavior. */
export function desiredPatternHpa(pattern: DefaultedPrismPattern): V2HorizontalPodAutoscaler {
  const { autoscaling } = pattern.spec;
  return horizontalPodAutoscaler(childMetadata(pattern, patternHpaName(pattern), PATTERN_COMPONENT), {
    deploymentName: patternDeploymentName(pattern),
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    ...(autoscaling.targetCPUUtilizationPercentage !== undefined ? { targetCPUUtilizationPercentage: autoscaling.targetCPUUtilizationPercentage } : {}),
    ...(autoscaling.targetMemoryUtilizationPercentage !== undefined ? { targetMemoryUtilizationPercentage: autoscaling.targetMemoryUtilizationPercentage } : {}),
    ...(autoscaling.metrics ? { metrics: autoscaling.metrics } : {}),
    ...(autoscaling.behavior ? { behavior: autoscaling.behavior } : {}),
  });
}

/** The behavior as autoscaling/v2 spells it (the same fields; the types differ only in TypeScript). */
export function toHpaBehavior(behavior: HpaBehavior): V2HorizontalPodAutoscalerBehavior {
  return structuredClone(behavior) as V2HorizontalPodAutoscalerBehavior;
}

/**
 * A metric of the schema as autoscaling/v2 spells it: quantities as strings, as written (the API
 * server stores `1000` as `1k`; the kit's Applier compares metric quantities by value, so that is no drift).
 */
export function toHpaMetric(metric: MetricSpec): V2MetricSpec {
  const target = (t: { type: string; value?: Quantity; averageValue?: Quantity; averageUtilization?: number }): V2MetricTarget => ({
    type: t.type,
    ...(t.value !== undefined ? { value: String(t.value) } : {}),
    ...(t.averageValue !== undefined ? { averageValue: String(t.averageValue) } : {}),
    ...(t.averageUtilization !== undefined ? { averageUtilization: t.averageUtilization } : {}),
  });
  const { type, resource, containerResource, pods, object, external } = metric;
  return {
    type,
    ...(resource ? { resource: { name: resource.name, target: target(resource.target) } } : {}),
    ...(containerResource ? { containerResource: { ...containerResource, target: target(containerResource.target) } } : {}),
    ...(pods ? { pods: { metric: pods.metric, target: target(pods.target) } } : {}),
    ...(object ? { object: { describedObject: object.describedObject, metric: object.metric, target: target(object.target) } } : {}),
    ...(external ? { external: { metric: external.metric, target: target(external.target) } } : {}),
  } as V2MetricSpec;
}
