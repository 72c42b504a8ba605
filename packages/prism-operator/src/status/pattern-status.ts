// The status of a PrismPattern as a pure function of what the reconciler observed. As in
// cert-manager, the decision is a chain evaluated in order whose first match sets the phase and
// the conditions; the gathering (I/O) happens elsewhere and the clock is passed in.
import { isConditionTrue, findCondition, removeCondition, setConditions, toLabelSelector, type Condition } from '@operators/k8s-common';
import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import type { Phase } from '../api/v1alpha1/group.ts';
import type { PrismPatternStatus } from '../api/v1alpha1/prismpattern.ts';
import { nameOf } from '../resources/metadata.ts';
import { patternSelector } from '../resources/pattern-deployment.ts';
import { patternDeploymentName, patternHpaName, patternScaledObjectName } from '../resources/pattern-names.ts';
import type { ScalerPlan } from '../scaling/scaler-plan.ts';
import { condition, DEGRADED, describedGeneration, PAUSED, pausedCondition, pausedProgressing, PROGRESSING, READY, stampConditions, type ConditionVerdict } from './conditions.ts';
import type { BackendResolution } from './pattern-backend.ts';
import type { ReplicaCounts, WorkloadReadiness } from './readiness.ts';

export const AUTOSCALING = 'Autoscaling';

/** What the reconciler found, or decided, in this pass. */
export interface ObservedPatternState {
  backend: BackendResolution;
  /** triggerBackendProblems' findings; only read while the pattern wants keda. */
  triggerProblems: readonly string[];
  scalers: ScalerPlan;
  /** The runner Deployment, when it exists: its counts and the readiness verdict on it. */
  deployment?: { counts: ReplicaCounts; readiness: WorkloadReadiness };
  /** The pause-reconciliation annotation is "true". */
  paused: boolean;
  /** Why the stored spec is invalid, when validation found out (an object that bypassed admission). */
  specError?: string;
}

export type ComputedPatternStatus = Required<Pick<PrismPatternStatus, 'phase' | 'conditions' | 'replicas' | 'readyReplicas' | 'availableReplicas' | 'selector' | 'scaler'>> &
  Pick<PrismPatternStatus, 'observedGeneration' | 'backendType'>;

interface Verdict {
  phase: Phase;
  ready: ConditionVerdict;
  progressing: ConditionVerdict;
  degraded: ConditionVerdict;
}

/** Phases in which the runners have all been ready at least once. */
const HAS_RUN: readonly (string | undefined)[] = ['Running', 'Degraded'];

export function computePatternStatus(pattern: DefaultedPrismPattern, observed: ObservedPatternState, now: Date): ComputedPatternStatus {
  const verdict = decide(pattern, observed);
  const generation = describedGeneration(pattern, observed.paused);
  const progressing = observed.paused ? pausedProgressing() : verdict.progressing;
  const autoscaling = autoscalingCondition(pattern, observed);
  const updates = stampConditions(generation, [
    [READY, verdict.ready],
    [PROGRESSING, progressing],
    [DEGRADED, verdict.degraded],
    ...(autoscaling ? ([[AUTOSCALING, autoscaling]] as const) : []),
    ...(observed.paused ? ([[PAUSED, pausedCondition()]] as const) : []),
  ]);
  let conditions: Condition[] = setConditions(pattern.status?.conditions, updates, now);
  if (!autoscaling) conditions = removeCondition(conditions, AUTOSCALING);
  if (!observed.paused) conditions = removeCondition(conditions, PAUSED);

  const counts = observed.deployment?.counts ?? { replicas: 0, readyReplicas: 0, availableReplicas: 0 };
  const backendType = observed.backend.ok ? (observed.backend.backend.kind === 'type' ? observed.backend.backend.type : observed.backend.backend.backend.spec.type) : undefined;
  return {
    phase: verdict.phase,
    conditions,
    ...counts,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    selector: toLabelSelector(patternSelector(pattern)),
    scaler: observed.scalers.apply,
    ...(backendType ? { backendType } : {}),
  };
}

function decide(pattern: DefaultedPrismPattern, observed: ObservedPatternState): Verdict {
  if (observed.specError !== undefined) return failed('InvalidSpec', observed.specError);
  if (!observed.backend.ok) return failed(observed.backend.reason, observed.backend.message);
  if (observed.scalers.wanted === 'keda' && observed.triggerProblems.length > 0) return failed('TriggerBackendInvalid', observed.triggerProblems.join('; '));
  if (observed.scalers.blocked) return failed(observed.scalers.blocked.reason, observed.scalers.blocked.message);
  const backendNotReady = notReadyBackend(observed.backend);
  if (backendNotReady) return failed('BackendNotReady', backendNotReady);

  const { deployment } = observed;
  if (!deployment) {
    return {
      phase: 'Pending',
      ready: condition('False', 'Pending', `the Deployment ${patternDeploymentName(pattern)} has not been created yet`),
      progressing: condition('True', 'Creating', `creating the Deployment ${patternDeploymentName(pattern)}`),
      degraded: condition('False', 'Pending', 'no runner exists yet'),
    };
  }
  const { readiness, counts } = deployment;
  const summary = `${counts.readyReplicas}/${counts.replicas} runners ready`;
  if (readiness.current && readiness.ready) {
    return {
      phase: 'Running',
      ready: condition('True', readiness.reason, `${summary}; ${readiness.message}`),
      progressing: condition('False', 'RolloutComplete', 'every runner runs the desired revision'),
      degraded: condition('False', readiness.reason, summary),
    };
  }
  const wasRunning = HAS_RUN.includes(pattern.status?.phase);
  if (!readiness.current || !wasRunning) {
    return {
      phase: 'Progressing',
      ready: condition('False', readiness.reason, `${summary}; ${readiness.message}`),
      progressing: condition('True', readiness.reason, readiness.message),
      degraded: condition('False', readiness.reason, wasRunning ? 'runners are unavailable only as the rollout replaces them' : 'the first rollout is in progress'),
    };
  }
  return {
    phase: 'Degraded',
    ready: condition('False', readiness.reason, `${summary}; ${readiness.message}`),
    progressing: condition('False', 'RolloutComplete', 'every runner runs the desired revision'),
    degraded: condition('True', readiness.reason, readiness.message),
  };
}

function failed(reason: string, message: string): Verdict {
  return {
    phase: 'Failed',
    ready: condition('False', reason, message),
    progressing: condition('False', reason, 'cannot progress until this is fixed: see the Ready condition'),
    degraded: condition('False', reason, 'see the Ready condition'),
  };
}

/** The PrismBackend's own verdict, when spec.backend is one that is not Ready for its current generation (the reconciler applies nothing then). */
export function notReadyBackend(resolution: BackendResolution): string | undefined {
  if (!resolution.ok || resolution.backend.kind !== 'resource') return undefined;
  const backend = resolution.backend.backend;
  const ready = findCondition(backend.status?.conditions, READY);
  const current = ready?.observedGeneration === undefined || ready.observedGeneration === backend.metadata.generation;
  if (isConditionTrue(backend.status?.conditions, READY) && current) return undefined;
  const why = ready && current ? `: ${ready.message}` : ' yet';
  return `the PrismBackend ${nameOf(backend)} is not Ready${why}`;
}

function autoscalingCondition(pattern: DefaultedPrismPattern, observed: ObservedPatternState): ConditionVerdict | undefined {
  const { scalers } = observed;
  if (scalers.wanted === 'none') return undefined;
  if (scalers.blocked) return condition('False', scalers.blocked.reason, scalers.blocked.message);
  const { autoscaling } = pattern.spec;
  const bounds = `between ${autoscaling.minReplicas} and ${autoscaling.maxReplicas} replicas`;
  if (scalers.apply === 'hpa') {
    return condition('True', 'HorizontalPodAutoscaler', `HorizontalPodAutoscaler ${patternHpaName(pattern)} scales the Deployment ${patternDeploymentName(pattern)} ${bounds}`);
  }
  if (observed.triggerProblems.length > 0) return condition('False', 'TriggerBackendInvalid', observed.triggerProblems.join('; '));
  const triggers = (autoscaling.triggers ?? []).map((t) => t.type).join(', ');
  return condition('True', 'ScaledObject', `KEDA ScaledObject ${patternScaledObjectName(pattern)} scales the Deployment ${patternDeploymentName(pattern)} ${bounds} on ${triggers}`);
}
