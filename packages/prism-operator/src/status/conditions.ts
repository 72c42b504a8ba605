// The condition vocabulary shared by the Prism status decisions.
import type { ConditionStatus, ConditionUpdate } from '@operators/k8s-common';
import { PAUSE_RECONCILIATION_ANNOTATION } from '../api/v1alpha1/group.ts';

export const READY = 'Ready';
export const PROGRESSING = 'Progressing';
export const DEGRADED = 'Degraded';
export const PAUSED = 'Paused';

export type ConditionVerdict = Omit<ConditionUpdate, 'type' | 'observedGeneration'>;

export function condition(status: ConditionStatus, reason: string, message: string): ConditionVerdict {
  return { status, reason, message };
}

/** Ready, Progressing and Degraded of one verdict, each stamped with the generation it describes. */
export function stampConditions(generation: number | undefined, verdicts: readonly (readonly [string, ConditionVerdict])[]): ConditionUpdate[] {
  return verdicts.map(([type, verdict]) => ({ type, ...verdict, ...(generation !== undefined ? { observedGeneration: generation } : {}) }));
}

/**
 * The generation the status describes: the current one, except while paused, when the operator
 * applied nothing of a newer spec. Then it stays at the last generation reconciled, so a Ready that
 * was true for that one never claims a change that did not roll out (`kubectl wait` is not fooled).
 */
export function describedGeneration(resource: { metadata: { generation?: number }; status?: { observedGeneration?: number } }, paused: boolean): number | undefined {
  return paused ? (resource.status?.observedGeneration ?? resource.metadata.generation) : resource.metadata.generation;
}

export const pausedCondition = (): ConditionVerdict =>
  condition('True', 'ReconciliationPaused', `${PAUSE_RECONCILIATION_ANNOTATION} is "true": the operator changes nothing until it is removed`);

/** Progressing while paused: nothing progresses, whatever else is true. */
export const pausedProgressing = (): ConditionVerdict =>
  condition('False', 'ReconciliationPaused', `${PAUSE_RECONCILIATION_ANNOTATION} is "true": the operator changes nothing until it is removed`);
