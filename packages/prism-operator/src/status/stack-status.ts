// The status of a PrismStack from its components: the proxy and admin Deployments (readiness
// verdicts) and the PrismPatterns and PrismBackends it owns (their own Ready conditions).
import { removeCondition, setConditions } from '@operators/k8s-common';
import type { DefaultedPrismStack } from '../api/v1alpha1/defaults.ts';
import type { Phase } from '../api/v1alpha1/group.ts';
import type { PrismStackStatus } from '../api/v1alpha1/prismstack.ts';
import { adminName, proxyName, stackChildName } from '../resources/stack-names.ts';
import type { ChildVerdict } from './child-readiness.ts';
import { condition, DEGRADED, describedGeneration, PAUSED, pausedCondition, pausedProgressing, PROGRESSING, READY, stampConditions, type ConditionVerdict } from './conditions.ts';
import type { ReplicaCounts, WorkloadReadiness } from './readiness.ts';

export interface ObservedStackState {
  /** The proxy Deployment, when it exists. */
  proxy?: { counts: ReplicaCounts; readiness: WorkloadReadiness };
  /** The admin Deployment, when it exists (never while spec.admin.enabled is false). */
  admin?: { counts: ReplicaCounts; readiness: WorkloadReadiness };
  /** Verdicts on the child PrismPatterns, by entry name (childVerdict). */
  patterns: ReadonlyMap<string, ChildVerdict>;
  /** Verdicts on the child PrismBackends, by entry name. */
  backends: ReadonlyMap<string, ChildVerdict>;
  paused: boolean;
  specError?: string;
  /** The ServiceMonitor's condition (the kit's optional-child outcome); undefined when none is asked for. */
  serviceMonitor?: ConditionVerdict;
}

/** Whether the stack's ServiceMonitor exists, or why it was skipped (its CRD is not served). Not part of Ready. */
export const SERVICE_MONITOR = 'ServiceMonitor';

export type ComputedStackStatus = Required<Pick<PrismStackStatus, 'phase' | 'conditions' | 'proxy' | 'patterns' | 'backends'>> &
  Pick<PrismStackStatus, 'observedGeneration' | 'admin'>;

interface Component {
  /** How the component is named in messages, e.g. "Deployment prism-proxy" or "PrismPattern prism-orders". */
  what: string;
  current: boolean;
  ready: boolean;
  failed: boolean;
  reason: string;
  message: string;
}

const HAS_RUN: readonly (string | undefined)[] = ['Running', 'Degraded'];

export function computeStackStatus(stack: DefaultedPrismStack, observed: ObservedStackState, now: Date): ComputedStackStatus {
  const verdict = decide(stack, observed);
  const generation = describedGeneration(stack, observed.paused);
  const updates = stampConditions(generation, [
    [READY, verdict.ready],
    [PROGRESSING, observed.paused ? pausedProgressing() : verdict.progressing],
    [DEGRADED, verdict.degraded],
    ...(observed.paused ? ([[PAUSED, pausedCondition()]] as const) : []),
    ...(observed.serviceMonitor ? ([[SERVICE_MONITOR, observed.serviceMonitor]] as const) : []),
  ]);
  let conditions = setConditions(stack.status?.conditions, updates, now);
  if (!observed.paused) conditions = removeCondition(conditions, PAUSED);
  // While paused nothing is applied or deleted, so what the condition said still holds.
  if (!observed.serviceMonitor && !observed.paused) conditions = removeCondition(conditions, SERVICE_MONITOR);
  const counts = (workload: ObservedStackState['proxy']) => ({ replicas: workload?.counts.replicas ?? 0, readyReplicas: workload?.counts.readyReplicas ?? 0 });
  const list = (entries: readonly { name: string }[] | undefined, verdicts: ReadonlyMap<string, ChildVerdict>) =>
    (entries ?? []).map(({ name }) => {
      const child = verdicts.get(name);
      return { name, ready: child?.ready ?? false, reason: child?.reason ?? 'NotCreated' };
    });
  return {
    phase: verdict.phase,
    conditions,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    proxy: counts(observed.proxy),
    ...(stack.spec.admin.enabled ? { admin: counts(observed.admin) } : {}),
    patterns: list(stack.spec.patterns, observed.patterns),
    backends: list(stack.spec.backends, observed.backends),
  };
}

function components(stack: DefaultedPrismStack, observed: ObservedStackState): Component[] {
  const workload = (what: string, w: ObservedStackState['proxy']): Component =>
    w
      ? { what, ...w.readiness, failed: false }
      : { what, current: false, ready: false, failed: false, reason: 'NotCreated', message: 'not created yet' };
  const child = (kind: string, name: string, verdicts: ReadonlyMap<string, ChildVerdict>): Component => ({
    what: `${kind} ${stackChildName(stack, name)}`,
    ...(verdicts.get(name) ?? { current: false, ready: false, failed: false, reason: 'NotCreated', message: 'not created yet' }),
  });
  return [
    workload(`Deployment ${proxyName(stack)}`, observed.proxy),
    ...(stack.spec.admin.enabled ? [workload(`Deployment ${adminName(stack)}`, observed.admin)] : []),
    ...(stack.spec.backends ?? []).map(({ name }) => child('PrismBackend', name, observed.backends)),
    ...(stack.spec.patterns ?? []).map(({ name }) => child('PrismPattern', name, observed.patterns)),
  ];
}

function decide(stack: DefaultedPrismStack, observed: ObservedStackState): { phase: Phase; ready: ConditionVerdict; progressing: ConditionVerdict; degraded: ConditionVerdict } {
  if (observed.specError !== undefined) return failed('InvalidSpec', observed.specError);
  const all = components(stack, observed);
  const describe = (list: Component[]) => list.map((c) => `${c.what}: ${c.reason}: ${c.message}`).join('; ');
  const broken = all.filter((c) => c.failed);
  if (broken.length > 0) return failed('ComponentFailed', describe(broken));

  if (!observed.proxy) {
    return {
      phase: 'Pending',
      ready: condition('False', 'Pending', `the Deployment ${proxyName(stack)} has not been created yet`),
      progressing: condition('True', 'Creating', 'creating the stack\'s components'),
      degraded: condition('False', 'Pending', 'nothing runs yet'),
    };
  }
  const notReady = all.filter((c) => !(c.current && c.ready));
  if (notReady.length === 0) {
    return {
      phase: 'Running',
      ready: condition('True', 'AllComponentsReady', `${all.length} components ready`),
      progressing: condition('False', 'RolloutComplete', 'every component runs its desired spec'),
      degraded: condition('False', 'AllComponentsReady', `${all.length} components ready`),
    };
  }
  const summary = `${all.length - notReady.length}/${all.length} components ready; ${describe(notReady)}`;
  const wasRunning = HAS_RUN.includes(stack.status?.phase);
  if (notReady.some((c) => !c.current) || !wasRunning) {
    return {
      phase: 'Progressing',
      ready: condition('False', 'ComponentsNotReady', summary),
      progressing: condition('True', 'ComponentsProgressing', describe(notReady)),
      degraded: condition('False', 'ComponentsProgressing', wasRunning ? 'components are unavailable only as they roll out' : 'the first rollout is in progress'),
    };
  }
  return {
    phase: 'Degraded',
    ready: condition('False', 'ComponentsNotReady', summary),
    progressing: condition('False', 'RolloutComplete', 'every component runs its desired spec'),
    degraded: condition('True', 'ComponentsNotReady', describe(notReady)),
  };
}

function failed(reason: string, message: string) {
  return {
    phase: 'Failed' as const,
    ready: condition('False', reason, message),
    progressing: condition('False', reason, 'cannot progress until this is fixed: see the Ready condition'),
    degraded: condition('False', reason, 'see the Ready condition'),
  };
}
