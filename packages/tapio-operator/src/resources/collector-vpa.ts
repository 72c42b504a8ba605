import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import { collectorMetadata, collectorWorkloadName } from './collector-pods.ts';
import { isNodeCollector } from './node-collector-daemonset.ts';

/** autoscaling.k8s.io/v1 VerticalPodAutoscaler, as far as the operator writes it (the VPA CRD is not ours). */
export interface VerticalPodAutoscaler {
  apiVersion: 'autoscaling.k8s.io/v1';
  kind: 'VerticalPodAutoscaler';
  metadata: ReturnType<typeof collectorMetadata>;
  spec: {
    targetRef: { apiVersion: string; kind: string; name: string };
    updatePolicy: { updateMode: string };
    resourcePolicy: { containerPolicies: { containerName: string; controlledResources: string[] }[] };
  };
}

/**
 * Right-sizing of a collector's pods. Built whatever the cluster serves; the reconciler applies it
 * only when the VPA CRDs are installed (discovery) and says so in a condition otherwise.
 */
export function desiredCollectorVerticalPodAutoscaler(collector: DefaultedTapioCollector): VerticalPodAutoscaler | undefined {
  const { verticalAutoscaling, type } = collector.spec;
  if (!verticalAutoscaling.enabled) return undefined;
  return {
    apiVersion: 'autoscaling.k8s.io/v1',
    kind: 'VerticalPodAutoscaler',
    metadata: collectorMetadata(collector),
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: isNodeCollector(type) ? 'DaemonSet' : 'Deployment', name: collectorWorkloadName(collector) },
      updatePolicy: { updateMode: verticalAutoscaling.updateMode },
      resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['cpu', 'memory'] }] },
    },
  };
}
