import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { DefaultedAutoscaling } from '../api/v1alpha1/defaults.ts';
import { childMetadata, type Component, type TapioResource } from './metadata.ts';

/**
 * A HorizontalPodAutoscaler of a component's (stable) Deployment, when autoscaling is on. The
 * Deployment then leaves `replicas` to it (see the Deployment builders), so the two never fight.
 */
export function desiredHorizontalPodAutoscaler(
  owner: TapioResource,
  { deploymentName, component, replicas, autoscaling }: { deploymentName: string; component: Component; replicas: number; autoscaling: DefaultedAutoscaling },
): V2HorizontalPodAutoscaler | undefined {
  if (!autoscaling.enabled) return undefined;
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: childMetadata(owner, deploymentName, component),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName },
      minReplicas: autoscaling.minReplicas ?? replicas,
      maxReplicas: Math.max(autoscaling.maxReplicas, autoscaling.minReplicas ?? replicas),
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCPUUtilizationPercentage } } }],
    },
  };
}
