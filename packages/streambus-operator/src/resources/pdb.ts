import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { brokerSelectorLabels, childMetadata, clusterName } from './metadata.ts';

/**
 * Lets voluntary disruptions (node drains, cluster upgrades) take one broker at a time. Undefined for a
 * single broker or none: a budget there would either block every drain or protect nothing.
 */
export function desiredPodDisruptionBudget(cluster: DefaultedStreamBusCluster): V1PodDisruptionBudget | undefined {
  if (cluster.spec.replicas <= 1) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: childMetadata(cluster, clusterName(cluster)),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: brokerSelectorLabels(cluster) },
      // A broker that is not ready is not serving anyway; with the default policy it would count
      // against the budget and block every drain while it crash-loops.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
