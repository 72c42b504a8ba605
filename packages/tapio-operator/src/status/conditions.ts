// Ready, Progressing and Degraded for any Tapio kind, from a verdict per workload (kstatus' rules,
// computed by the kit's readiness helper) and what the decisions said. cert-manager style: a chain
// evaluated in order; the first match decides.
import { removeCondition, setConditions, type Condition, type ConditionStatus, type ConditionUpdate } from '@operators/k8s-common';
import { PAUSE_RECONCILIATION_ANNOTATION } from '../api/v1alpha1/group.ts';
import type { WorkloadVerdict } from '../support/workload-verdict.ts';

export const READY = 'Ready';
export const PROGRESSING = 'Progressing';
export const DEGRADED = 'Degraded';
export const PAUSED = 'Paused';

export interface Reason {
  reason: string;
  message: string;
}

export interface ComponentReadiness {
  /** What the message calls it, e.g. `Deployment tapio-correlation` or `TapioCollector tapio-ebpf`. */
  name: string;
  verdict: WorkloadVerdict;
}

export interface ConditionInputs {
  generation: number | undefined;
  previous: readonly Condition[] | undefined;
  /** Why the spec cannot be realised, found by the reconciler's own validation. */
  specError?: string;
  /** Something only the cluster can tell stops progress (a missing Secret, a failed restore). */
  blocked?: Reason & { degraded: boolean };
  components: readonly ComponentReadiness[];
  /** A rollout the operator drives (canary, restore) that is not finished. */
  rollingOut?: Reason;
  /** Something is wrong although everything runs (a canary rolled back). */
  degraded?: Reason;
  paused: boolean;
  /** Further conditions (optional integrations); a type mapped to undefined is removed. */
  extra?: Record<string, Omit<ConditionUpdate, 'type' | 'observedGeneration'> | undefined>;
}

const condition = (status: ConditionStatus, { reason, message }: Reason) => ({ status, reason, message });

function decide(inputs: ConditionInputs): Record<typeof READY | typeof PROGRESSING | typeof DEGRADED, ReturnType<typeof condition>> {
  const paused = inputs.paused
    ? condition('False', { reason: 'ReconciliationPaused', message: `${PAUSE_RECONCILIATION_ANNOTATION} is "true": the operator changes nothing until it is removed` })
    : undefined;
  if (inputs.specError !== undefined) {
    const invalid = { reason: 'InvalidSpec', message: inputs.specError };
    return { Ready: condition('False', invalid), Progressing: condition('False', invalid), Degraded: condition('False', invalid) };
  }
  if (inputs.blocked) {
    return {
      Ready: condition('False', inputs.blocked),
      Progressing: paused ?? condition('False', inputs.blocked),
      Degraded: condition(inputs.blocked.degraded ? 'True' : 'False', inputs.blocked),
    };
  }

  const notCurrent = inputs.components.filter(({ verdict }) => !verdict.current);
  const notReady = inputs.components.filter(({ verdict }) => !verdict.ready);
  const describe = (list: readonly ComponentReadiness[]): Reason => {
    const [first] = list;
    const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
    return { reason: first?.verdict.reason ?? 'NotReady', message: `${first?.name}: ${first?.verdict.message}${more}` };
  };

  const ready =
    notCurrent.length > 0
      ? condition('False', describe(notCurrent))
      : notReady.length > 0
        ? condition('False', describe(notReady))
        : inputs.rollingOut
          ? condition('False', inputs.rollingOut)
          : inputs.degraded
            ? condition('False', inputs.degraded)
            : condition('True', { reason: 'AllComponentsReady', message: `${inputs.components.length} component(s) current and ready` });
  const progressing =
    paused ??
    (notCurrent.length > 0
      ? condition('True', describe(notCurrent))
      : inputs.rollingOut
        ? condition('True', inputs.rollingOut)
        : condition('False', { reason: 'Complete', message: 'every component runs the desired spec' }));
  const runningNotReady = notReady.filter(({ verdict }) => verdict.current);
  const degraded = inputs.degraded
    ? condition('True', inputs.degraded)
    : runningNotReady.length > 0
      ? condition('True', describe(runningNotReady))
      : condition('False', { reason: 'AsExpected', message: 'nothing is degraded' });
  return { Ready: ready, Progressing: progressing, Degraded: degraded };
}

/**
 * The conditions with Ready, Progressing, Degraded (and Paused, and the extra ones) set from the
 * inputs. lastTransitionTime moves only when a status changes, so an unchanged observation yields
 * identical conditions and no status write.
 */
export function standardConditions(inputs: ConditionInputs, now: Date): Condition[] {
  const stamp = (type: string, update: Omit<ConditionUpdate, 'type' | 'observedGeneration'>): ConditionUpdate => ({
    type,
    ...update,
    ...(inputs.generation !== undefined ? { observedGeneration: inputs.generation } : {}),
  });
  const verdict = decide(inputs);
  const updates = [stamp(READY, verdict.Ready), stamp(PROGRESSING, verdict.Progressing), stamp(DEGRADED, verdict.Degraded)];
  if (inputs.paused) updates.push(stamp(PAUSED, { status: 'True', reason: 'ReconciliationPaused', message: `${PAUSE_RECONCILIATION_ANNOTATION} is "true"` }));
  const extra = Object.entries(inputs.extra ?? {});
  for (const [type, update] of extra) if (update) updates.push(stamp(type, update));
  let conditions = setConditions(inputs.previous, updates, now);
  if (!inputs.paused) conditions = removeCondition(conditions, PAUSED);
  for (const [type, update] of extra) if (!update) conditions = removeCondition(conditions, type);
  return conditions;
}

/** The condition of an optional integration (a CRD found by discovery, or not). */
export function integrationCondition(outcome: 'applied' | 'skipped-no-crd' | 'not-requested', what: string, crd: string) {
  if (outcome === 'not-requested') return undefined;
  return outcome === 'applied'
    ? { status: 'True' as const, reason: 'Applied', message: `${what} applied` }
    : { status: 'False' as const, reason: 'CRDNotInstalled', message: `${what} skipped: the ${crd} CRD is not installed` };
}
