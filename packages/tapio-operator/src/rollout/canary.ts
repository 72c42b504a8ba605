// The canary rollout of the correlation service and the API gateway, as a pure function of what the
// reconciler observed and of the clock. A new revision runs beside the old one in `<name>-canary`,
// step by step (a share of the replicas each); each step must become ready within readyTimeout and
// then hold for its pause. After the last step the stable Deployment takes the new template and the
// canary goes; a step that does not become ready in time removes the canary, keeps the old version
// and records why, until the spec changes again.
import type { DefaultedCanary } from '../api/v1alpha1/defaults.ts';
import type { TapioClusterStatus } from '../api/v1alpha1/tapiocluster.ts';
import { toRfc3339 } from '@operators/k8s-common';
import { durationToMs } from '../support/duration.ts';
import type { WorkloadVerdict } from '../support/workload-verdict.ts';

export type CanaryStatus = NonNullable<NonNullable<TapioClusterStatus['gateway']>['canary']>;
export type Clock = () => Date;

export interface CanaryObservation {
  canary: DefaultedCanary;
  /** The stable pods the weights are shares of: spec replicas, or the autoscaler's current count. */
  replicas: number;
  /** podTemplateRevision of the desired template. */
  desiredRevision: string;
  /** The revision the live stable Deployment runs; undefined when it does not exist yet. */
  stableRevision: string | undefined;
  /** The live canary Deployment, if any: its revision and readiness. */
  canaryWorkload?: { revision: string | undefined; verdict: WorkloadVerdict };
  /** status.canary as read. */
  previous?: CanaryStatus;
}

export interface CanaryEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface CanaryDecision {
  /** What the stable Deployment runs: the desired template, or the one it runs now (keepRunningTemplate). */
  stableTemplate: 'desired' | 'running';
  /** Pods of `<name>-canary`; 0 means the canary Deployment must not exist. */
  canaryReplicas: number;
  /** status.canary to write; undefined removes it. */
  status?: CanaryStatus;
  /** When to look again, for what no watch reports: a pause ending, a timeout passing. */
  requeueAfterMs?: number;
  event?: CanaryEvent;
}

/** Canary pods for a step: its weight of the stable replicas, rounded up, at least one. */
export function canaryReplicasFor(weight: number, replicas: number): number {
  return Math.max(1, Math.ceil((weight * replicas) / 100));
}

export function decideCanary(observed: CanaryObservation, clock: Clock): CanaryDecision {
  const { canary, desiredRevision, stableRevision, previous } = observed;
  const now = clock();
  // Nothing runs yet: the first version is not a canary of anything.
  if (stableRevision === undefined) return { stableTemplate: 'desired', canaryReplicas: 0, ...keep(previous) };

  const inProgress = previous?.phase === 'Progressing';
  if (!canary.enabled || stableRevision === desiredRevision) {
    // Either a plain rolling update, or the stable Deployment already runs what is desired (the
    // spec went back to it). A canary still running for another revision is abandoned.
    if (!inProgress) return { stableTemplate: 'desired', canaryReplicas: 0, ...keep(previous) };
    return {
      stableTemplate: 'desired',
      canaryReplicas: 0,
      event: { type: 'Normal', reason: 'CanaryAbandoned', message: canary.enabled ? `the spec no longer asks for revision ${previous.revision}: the canary is removed` : 'canary turned off: the new revision rolls out directly' },
    };
  }

  if (previous?.phase === 'RolledBack' && previous.revision === desiredRevision) {
    // Held: the same revision already failed; only a new spec tries again.
    return { stableTemplate: 'running', canaryReplicas: 0, status: previous };
  }

  if (!inProgress || previous.revision !== desiredRevision) return startStep(observed, 0, now, 'CanaryStarted');
  return continueStep(observed, previous, now);
}

function keep(previous: CanaryStatus | undefined): { status?: CanaryStatus } {
  return previous ? { status: previous } : {};
}

function describeStep(canary: DefaultedCanary, step: number): string {
  return `step ${step + 1} of ${canary.steps.length} (${canary.steps[step]?.weight ?? 0}%)`;
}

function startStep(observed: CanaryObservation, step: number, now: Date, reason: 'CanaryStarted' | 'StepStarted'): CanaryDecision {
  const { canary, replicas, desiredRevision, stableRevision } = observed;
  const weight = canary.steps[step]?.weight ?? 100;
  const message = `running revision ${desiredRevision} beside ${stableRevision} at ${describeStep(canary, step)}`;
  return {
    stableTemplate: 'running',
    canaryReplicas: canaryReplicasFor(weight, replicas),
    status: { phase: 'Progressing', revision: desiredRevision, step, stepStartedAt: toRfc3339(now), reason, message },
    requeueAfterMs: durationToMs(canary.readyTimeout),
    ...(reason === 'CanaryStarted' ? { event: { type: 'Normal' as const, reason, message } } : {}),
  };
}

function continueStep(observed: CanaryObservation, previous: CanaryStatus, now: Date): CanaryDecision {
  const { canary, replicas, desiredRevision, canaryWorkload } = observed;
  const step = Math.min(previous.step, canary.steps.length - 1);
  const canaryReplicas = canaryReplicasFor(canary.steps[step]?.weight ?? 100, replicas);
  const verdict = canaryWorkload?.revision === desiredRevision ? canaryWorkload.verdict : undefined;
  const ready = verdict !== undefined && verdict.current && verdict.ready;

  if (ready) {
    const readyAt = previous.stepReadyAt ? new Date(previous.stepReadyAt) : now;
    const pauseMs = durationToMs(canary.steps[step]?.pause ?? '0');
    const remaining = pauseMs - (now.getTime() - readyAt.getTime());
    if (remaining > 0) {
      return {
        stableTemplate: 'running',
        canaryReplicas,
        status: { ...previous, step, stepReadyAt: toRfc3339(readyAt), reason: 'Pausing', message: `${describeStep(canary, step)} is ready; holding it before going on` },
        requeueAfterMs: remaining,
      };
    }
    if (step + 1 < canary.steps.length) return startStep(observed, step + 1, now, 'StepStarted');
    const message = `revision ${desiredRevision} was ready at every step and replaces ${observed.stableRevision}`;
    return {
      stableTemplate: 'desired',
      canaryReplicas: 0,
      status: { phase: 'Promoted', revision: desiredRevision, step, stepStartedAt: previous.stepStartedAt, reason: 'CanaryPromoted', message },
      event: { type: 'Normal', reason: 'CanaryPromoted', message },
    };
  }

  const timeoutMs = durationToMs(canary.readyTimeout);
  const elapsed = now.getTime() - new Date(previous.stepStartedAt).getTime();
  const why = verdict ? verdict.message : 'the canary Deployment does not run the new revision yet';
  if (elapsed >= timeoutMs) {
    const message = `${describeStep(canary, step)} did not become ready within ${canary.readyTimeout}: ${why}; revision ${observed.stableRevision} stays`;
    return {
      stableTemplate: 'running',
      canaryReplicas: 0,
      status: { phase: 'RolledBack', revision: desiredRevision, step, stepStartedAt: previous.stepStartedAt, reason: 'CanaryNotReady', message },
      event: { type: 'Warning', reason: 'CanaryRolledBack', message },
    };
  }
  const { stepReadyAt: _notReadyAnyMore, ...rest } = previous;
  return {
    stableTemplate: 'running',
    canaryReplicas,
    status: { ...rest, step, reason: 'WaitingForCanary', message: `${describeStep(canary, step)}: ${why}` },
    requeueAfterMs: timeoutMs - elapsed,
  };
}
