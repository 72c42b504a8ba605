// Which autoscaler object must exist for a pattern: never two, because two autoscalers on one
// Deployment fight over its replicas (KEDA itself refuses a ScaledObject whose target already has
// an HPA). The object of the other kind is removed before the wanted one is applied.
import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';

export type ScalerKind = 'hpa' | 'keda';

export interface ScalerFacts {
  /** Whether the cluster serves keda.sh/v1alpha1 ScaledObject and TriggerAuthentication (discovery). */
  kedaServed: boolean;
}

export interface ScalerPlan {
  /** What the spec asks for. */
  wanted: ScalerKind | 'none';
  /** The object to apply: an HPA, a ScaledObject with its TriggerAuthentications, or nothing. */
  apply: ScalerKind | 'none';
  /**
   * The kinds whose objects (owned by the pattern) to delete first. KEDA's kinds only while its
   * CRDs are served: without them no such object can exist, and asking would fail.
   */
  remove: ScalerKind[];
  /** Why the wanted scaler cannot be applied; the pattern is not Ready while this is set. */
  blocked?: { reason: 'KEDANotInstalled'; message: string };
}

export function planScalers(pattern: DefaultedPrismPattern, facts: ScalerFacts): ScalerPlan {
  const { autoscaling } = pattern.spec;
  const kedaRemovable: ScalerKind[] = facts.kedaServed ? ['keda'] : [];
  if (!autoscaling.enabled) return { wanted: 'none', apply: 'none', remove: ['hpa', ...kedaRemovable] };
  if (autoscaling.scaler === 'hpa') return { wanted: 'hpa', apply: 'hpa', remove: kedaRemovable };
  if (facts.kedaServed) return { wanted: 'keda', apply: 'keda', remove: ['hpa'] };
  // No fallback to an HPA: the triggers (queue depth, lag) have no HPA equivalent, and an HPA the
  // user did not ask for would have to be taken away again once KEDA is installed. The Deployment
  // keeps its replicas meanwhile; installing KEDA heals the pattern on the next reconcile.
  return {
    wanted: 'keda',
    apply: 'none',
    remove: ['hpa'],
    blocked: {
      reason: 'KEDANotInstalled',
      message:
        'autoscaling.scaler is keda, but the cluster does not serve keda.sh/v1alpha1 ScaledObject and TriggerAuthentication: install KEDA (the pattern is then scaled without further changes), or use scaler hpa',
    },
  };
}
