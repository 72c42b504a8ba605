// The annotations users of mature operators expect on a custom resource, and what status says
// while reconciliation is paused. `<group>/pause-reconciliation: "true"` stops every change to the
// resource's children until it is removed; `<group>/force-reconcile` (any new value) forces a pass
// (the controller's forceReconcileAnnotation option does that part).
//
// While paused, status must not claim what has not happened: the spec may have changed, but
// nothing of it was applied, so status.observedGeneration (and each condition's) stays at the
// generation last applied, and `kubectl wait --for=condition=Ready`, which skips conditions older
// than the object's generation, keeps waiting.
import type { KubeObject } from '../client/kube-client.ts';
import type { ConditionParts } from '../status/readiness-conditions.ts';

export interface OperatorAnnotations {
  pause: string;
  forceReconcile: string;
}

export function operatorAnnotations(group: string): OperatorAnnotations {
  return { pause: `${group}/pause-reconciliation`, forceReconcile: `${group}/force-reconcile` };
}

export const PAUSED_CONDITION = 'Paused';
export const PAUSED_REASON = 'ReconciliationPaused';

export interface PauseState {
  paused: boolean;
  /**
   * The generation status may claim to describe: the object's own when not paused; while paused,
   * the one the last status claimed (undefined if none was ever applied).
   */
  observedGeneration: number | undefined;
  /** Paused with a spec change that is not applied. */
  pendingChange: boolean;
  /** The Paused condition (True) while paused; remove the condition when undefined. */
  condition?: ConditionParts;
}

export function pauseState(object: KubeObject & { status?: { observedGeneration?: number } }, annotation: string): PauseState {
  const generation = object.metadata?.generation;
  if (object.metadata?.annotations?.[annotation] !== 'true') return { paused: false, observedGeneration: generation, pendingChange: false };
  const observedGeneration = object.status?.observedGeneration;
  const pendingChange = generation !== undefined && observedGeneration !== generation;
  const message = `${annotation} is "true": the operator changes nothing until it is removed${pendingChange ? `; generation ${generation} of the spec is not applied` : ''}`;
  return { paused: true, observedGeneration, pendingChange, condition: { status: 'True', reason: PAUSED_REASON, message } };
}
