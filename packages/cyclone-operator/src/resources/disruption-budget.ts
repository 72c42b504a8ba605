import type { V1PodDisruptionBudget } from '@kubernetes/client-node';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { autoscalingActive, replicaBounds } from './autoscaler.ts';
import { appSelectorLabels, childMetadata, disruptionBudgetName } from './metadata.ts';

/**
 * Lets voluntary disruptions (node drains, cluster upgrades) take one pod at a time. Undefined when
 * the app can run a single pod or none: a budget there would either block every drain or protect nothing.
 */
export function desiredDisruptionBudget(app: StoredCycloneApp): V1PodDisruptionBudget | undefined {
  const fewest = autoscalingActive(app) ? replicaBounds(app).minReplicas : app.spec.replicas;
  if (fewest <= 1) return undefined;
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: childMetadata(app, disruptionBudgetName(app)),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: appSelectorLabels(app) },
      // An unready pod serves nothing; counting it against the budget would block every drain while it crash-loops.
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    },
  };
}
