// The kit's kstatus verdict on a Deployment, in the terms the status decisions take: whether the
// rollout is done (every replica runs the desired revision) and whether every replica is ready.
import { workloadReadiness, type KubeObject } from '@operators/k8s-common';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import type { ReplicaCounts, WorkloadReadiness } from './readiness.ts';

/** kstatus' reasons for a Deployment whose rollout is done but whose pods are not all ready or available. */
const ROLLED_OUT_BUT_UNREADY = new Set(['LessReady', 'LessAvailable']);

export function deploymentReadiness(deployment: V1Deployment, pods: readonly V1Pod[]): WorkloadReadiness {
  const verdict = workloadReadiness(deployment as KubeObject, { pods });
  const ready = verdict.status === 'Current';
  return {
    current: ready || (verdict.status === 'InProgress' && ROLLED_OUT_BUT_UNREADY.has(verdict.reason)),
    ready,
    reason: verdict.blocker?.reason ?? (ready ? 'Available' : verdict.reason),
    message: verdict.message,
  };
}

export function replicaCounts(deployment: V1Deployment): ReplicaCounts {
  return {
    replicas: deployment.status?.replicas ?? 0,
    readyReplicas: deployment.status?.readyReplicas ?? 0,
    availableReplicas: deployment.status?.availableReplicas ?? 0,
  };
}
