// Ready, Progressing and Degraded from workload readiness, the same way for every operator:
// Current is Ready; InProgress is Progressing (not degraded: the workload controller is still
// working, or a blocker such as an unschedulable pod may clear); Failed (a Deployment past its
// progress deadline, a failed Job) is Degraded.
import type { ConditionUpdate } from '../meta/conditions.ts';
import type { WorkloadReadiness, WorkloadStatus } from './workload-readiness.ts';

/** A condition without its type and generation, which the caller stamps. */
export type ConditionParts = Omit<ConditionUpdate, 'type' | 'observedGeneration'>;

export interface ReadinessConditions {
  ready: ConditionParts;
  progressing: ConditionParts;
  degraded: ConditionParts;
}

/** The conditions' reason is the blocker's where there is one (`Unschedulable`, `FailedCreate`), else kstatus'. */
export function readinessConditions(readiness: WorkloadReadiness): ReadinessConditions {
  const { message } = readiness;
  const reason = readiness.blocker?.reason ?? readiness.reason;
  switch (readiness.status) {
    case 'Current':
      return { ready: { status: 'True', reason: 'Ready', message }, progressing: { status: 'False', reason: 'Complete', message }, degraded: { status: 'False', reason: 'Ready', message } };
    case 'InProgress':
    case 'Terminating':
      return { ready: { status: 'False', reason, message }, progressing: { status: 'True', reason, message }, degraded: { status: 'False', reason: 'Progressing', message } };
    case 'Failed':
      return { ready: { status: 'False', reason, message }, progressing: { status: 'False', reason, message }, degraded: { status: 'True', reason, message } };
  }
}

const SEVERITY: Record<WorkloadStatus, number> = { Current: 0, InProgress: 1, Terminating: 1, Failed: 2 };

/**
 * One readiness for several workloads: the worst status, the reason of the first workload that has
 * it, and the messages of every workload that is not current (or of all, when all are).
 */
export function combineReadiness(readinesses: readonly WorkloadReadiness[]): WorkloadReadiness {
  if (readinesses.length === 0) return { status: 'Current', reason: 'Current', message: 'no workloads' };
  const worst = readinesses.reduce((a, b) => (SEVERITY[b.status] > SEVERITY[a.status] ? b : a));
  const relevant = worst.status === 'Current' ? readinesses : readinesses.filter((r) => r.status !== 'Current');
  return { ...worst, message: relevant.map((r) => r.message).join('; ') };
}
