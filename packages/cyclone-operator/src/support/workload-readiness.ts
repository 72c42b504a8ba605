// The decisions here (rollout/release.ts, status/app-status.ts) read a Deployment's readiness as two
// facts, "current" (every replica runs the latest template) and "ready", where the kit's
// workloadReadiness gives kstatus' one verdict (Current / InProgress / Failed). This splits the
// verdict back into the two; the kit's reason and message (with the pods' blocker) pass through.
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { workloadReadiness } from '@operators/k8s-common';

export interface WorkloadReadiness {
  /** The workload's controller has seen its latest spec and every replica runs the latest template. */
  current: boolean;
  /** Every desired replica is ready (and available). */
  ready: boolean;
  /** CamelCase, e.g. ProgressDeadlineExceeded, Unschedulable, LessReady. */
  reason: string;
  /** Human-readable, from the workload's own conditions or its pods' (e.g. the scheduler's message). */
  message: string;
}

/** kstatus reasons that mean the latest template has not reached every replica yet. */
const NOT_CURRENT = new Set(['LatestGenerationNotObserved', 'LessReplicas', 'LessUpdated', 'ExtraPods', 'ProgressDeadlineExceeded']);

export function deploymentReadiness(deployment: V1Deployment, pods: readonly V1Pod[]): WorkloadReadiness {
  const verdict = workloadReadiness({ apiVersion: 'apps/v1', kind: 'Deployment', ...deployment }, { pods });
  const ready = verdict.status === 'Current';
  const reason = verdict.blocker?.reason ?? (ready ? 'Available' : verdict.reason);
  return { current: ready || (verdict.status === 'InProgress' && !NOT_CURRENT.has(verdict.reason)), ready, reason, message: verdict.message };
}
