import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { DefaultedPrismStack } from '../api/v1alpha1/defaults.ts';
import type { MetricSpec } from '../support/schemas.ts';
import { horizontalPodAutoscaler } from './hpa.ts';
import { childMetadata, PROXY_COMPONENT } from './metadata.ts';
import { proxyName } from './stack-names.ts';

/**
 * The proxy's HPA, on CPU and, with targetRequestsPerSecond, on the per-pod request rate (the
 * seed's strategy for the proxy: "HPA, request rate, CPU"). Undefined when its autoscaling is off.
 */
export function desiredProxyHpa(stack: DefaultedPrismStack): V2HorizontalPodAutoscaler | undefined {
  const { autoscaling } = stack.spec.proxy;
  if (!autoscaling.enabled) return undefined;
  const requestRate: MetricSpec[] =
    autoscaling.targetRequestsPerSecond === undefined
      ? []
      : [
          {
            type: 'Pods',
            pods: { metric: { name: autoscaling.requestRateMetric }, target: { type: 'AverageValue', averageValue: String(autoscaling.targetRequestsPerSecond) } },
          },
        ];
  return horizontalPodAutoscaler(childMetadata(stack, proxyName(stack), PROXY_COMPONENT), {
    deploymentName: proxyName(stack),
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    targetCPUUtilizationPercentage: autoscaling.targetCPUUtilizationPercentage,
    metrics: [...requestRate, ...(autoscaling.metrics ?? [])],
    ...(autoscaling.behavior ? { behavior: autoscaling.behavior } : {}),
  });
}
