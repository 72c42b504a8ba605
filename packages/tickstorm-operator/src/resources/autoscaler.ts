import type { V2HorizontalPodAutoscaler, V2HPAScalingRules } from '@kubernetes/client-node';
import type { DefaultedScalingRules, DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { autoscalerName, childMetadata, deploymentName } from './metadata.ts';

/**
 * `<name>-hpa` on the Deployment, scaling on CPU and memory utilisation with the seed's behavior.
 * Undefined without spec.autoscaling, so removing it removes the HPA.
 */
export function desiredAutoscaler(tickStorm: DefaultedTickStorm): V2HorizontalPodAutoscaler | undefined {
  const { autoscaling } = tickStorm.spec;
  if (!autoscaling) return undefined;
  const utilization = (name: 'cpu' | 'memory', averageUtilization: number) => ({
    type: 'Resource',
    resource: { name, target: { type: 'Utilization', averageUtilization } },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: childMetadata(tickStorm, autoscalerName(tickStorm)),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName(tickStorm) },
      minReplicas: autoscaling.minReplicas,
      maxReplicas: autoscaling.maxReplicas,
      metrics: [utilization('cpu', autoscaling.targetCPUUtilizationPercentage), utilization('memory', autoscaling.targetMemoryUtilizationPercentage)],
      behavior: { scaleUp: scalingRules(autoscaling.behavior.scaleUp), scaleDown: scalingRules(autoscaling.behavior.scaleDown) },
    },
  };
}

function scalingRules(rules: DefaultedScalingRules): V2HPAScalingRules {
  return {
    stabilizationWindowSeconds: rules.stabilizationWindowSeconds,
    selectPolicy: rules.selectPolicy,
    policies: rules.policies.map((policy) => ({ ...policy })),
  };
}
