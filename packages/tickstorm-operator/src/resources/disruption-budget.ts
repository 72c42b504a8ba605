import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { childMetadata, disruptionBudgetName, serverSelectorLabels } from './metadata.ts';

/**
 * `<name>-pdb`: the seed's budget, at least minAvailable pods during voluntary disruptions (node drains,
 * upgrades). Undefined when disabled, and while the TickStorm may run a single pod (replicas, or the
 * HPA's minReplicas, at most 1): a budget of one pod there would block every drain.
 */
export function desiredDisruptionBudget(tickStorm: DefaultedTickStorm): V1PodDisruptionBudget | undefined {
  const { disruption, autoscaling, replicas } = tickStorm.spec;
  const fewestPods = autoscaling ? autoscaling.minReplicas : replicas;
  if (!disruption.enabled || fewestPods <= 1) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: childMetadata(tickStorm, disruptionBudgetName(tickStorm)),
    spec: {
      minAvailable: disruption.minAvailable,
      selector: { matchLabels: serverSelectorLabels(tickStorm) },
      // A pod that is not ready serves no one; counting it would block every drain while it crash-loops.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
