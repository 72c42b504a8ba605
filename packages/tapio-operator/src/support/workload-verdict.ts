// A verdict per workload, as the status decisions take it, from the kit's workloadReadiness
// (kstatus' rules): "current" (the controller observed the spec and every replica runs it) and
// "ready" are kept apart, so that a workload that runs the desired spec but is not ready reads as
// Degraded, and one still rolling out as Progressing.
import { workloadReadiness, type KubeObject, type WorkloadReadinessInput } from '@operators/k8s-common';

/** Whether one workload (Deployment, StatefulSet, DaemonSet, Job) is current and ready, and why not. */
export interface WorkloadVerdict {
  /** The controller has observed the latest spec and every replica runs it. */
  current: boolean;
  /** Every desired replica is ready (and available). */
  ready: boolean;
  /** CamelCase, e.g. `LessReady`. */
  reason: string;
  message: string;
}

/** A workload the reconciler has not created yet or could not read. */
export const ABSENT_WORKLOAD: WorkloadVerdict = { current: false, ready: false, reason: 'NotCreated', message: 'not created yet' };

/** kstatus' InProgress reasons that mean the spec is not rolled out yet (the rest: it runs, but not every pod is ready). */
const NOT_ROLLED_OUT = new Set(['NoObservedGeneration', 'LatestGenerationNotObserved', 'LessUpdated', 'LessCurrent', 'RevisionMismatch', 'PartitionRollout', 'ExtraPods', 'Terminating']);

export function workloadVerdict(workload: KubeObject | undefined, input: WorkloadReadinessInput = {}): WorkloadVerdict {
  if (!workload) return ABSENT_WORKLOAD;
  const readiness = workloadReadiness(workload, input);
  if (readiness.status === 'Current') return { current: true, ready: true, reason: readiness.reason, message: readiness.message };
  const reason = readiness.blocker?.reason ?? readiness.reason;
  return { current: !NOT_ROLLED_OUT.has(readiness.reason), ready: false, reason, message: readiness.message };
}
