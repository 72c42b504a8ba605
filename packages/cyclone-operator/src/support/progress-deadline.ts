// Whether a Deployment's rollout has gone without progress for longer than its progressDeadlineSeconds.
// The Deployment controller says so itself (Progressing=False, reason ProgressDeadlineExceeded) at its
// next sync after the deadline; reading the same rule with an injected clock lets a decision act at
// the deadline, and lets tests be exact. Generic (a candidate for the kit's progress-deadline helper).
import type { V1Deployment } from '@kubernetes/client-node';

/** The Deployment API's default when spec.progressDeadlineSeconds is unset. */
const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

export function progressDeadlineExceeded(deployment: V1Deployment | undefined, now: Date): boolean {
  if (!deployment) return false;
  // Until the controller has seen the latest template, its conditions describe the previous rollout.
  const observed = deployment.status?.observedGeneration ?? 0;
  if (observed < (deployment.metadata?.generation ?? 0)) return false;
  const progressing = deployment.status?.conditions?.find((condition) => condition.type === 'Progressing');
  if (!progressing) return false;
  if (progressing.reason === 'ProgressDeadlineExceeded') return true;
  if (progressing.reason === 'NewReplicaSetAvailable' || rolloutComplete(deployment)) return false;
  const lastProgress = Date.parse(String(progressing.lastUpdateTime ?? ''));
  if (Number.isNaN(lastProgress)) return false;
  const deadlineMs = (deployment.spec?.progressDeadlineSeconds ?? DEFAULT_PROGRESS_DEADLINE_SECONDS) * 1000;
  return now.getTime() - lastProgress > deadlineMs;
}

function rolloutComplete(deployment: V1Deployment): boolean {
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  return (status.updatedReplicas ?? 0) === desired && (status.availableReplicas ?? 0) === desired && (status.replicas ?? 0) === desired;
}
