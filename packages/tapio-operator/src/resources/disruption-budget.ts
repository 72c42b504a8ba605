import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import { childMetadata, type Component, type TapioResource } from './metadata.ts';

/**
 * Lets voluntary disruptions (drains, upgrades) take one pod of a highly available component at a
 * time. Undefined without high availability or for a single pod: a budget there would either block
 * every drain or protect nothing. For a quorum of 3 or 5, one at a time keeps the majority.
 */
export function desiredPodDisruptionBudget(
  owner: TapioResource,
  { name, component, selector, replicas, highAvailability }: { name: string; component: Component; selector: Record<string, string>; replicas: number; highAvailability: boolean },
): V1PodDisruptionBudget | undefined {
  if (!highAvailability || replicas <= 1) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: childMetadata(owner, name, component),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selector },
      // A pod that is not ready serves nothing; counted against the budget it would block every drain
      // while it crash-loops.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
