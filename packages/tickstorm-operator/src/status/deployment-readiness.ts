// The Deployment's readiness as the TickStorm's status decision wants it: kstatus' verdict (the
// kit's workloadReadiness: ready means Current) plus whether every pod already runs the current
// template, which tells a rollout in progress (Progressing) from pods of the current template that
// are not ready (Degraded). kstatus folds both into InProgress.
import type { V1Deployment } from '@kubernetes/client-node';
import type { WorkloadReadiness as KstatusReadiness } from '@operators/k8s-common';
import type { WorkloadReadiness } from './tickstorm-status.ts';

export function deploymentReadiness(deployment: V1Deployment, kstatus: KstatusReadiness): WorkloadReadiness {
  const observed = (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 1);
  const desired = deployment.spec?.replicas ?? 1;
  const updated = deployment.status?.updatedReplicas ?? 0;
  const total = deployment.status?.replicas ?? 0;
  const ready = kstatus.status === 'Current';
  const current = ready || kstatus.status === 'Failed' || (observed && updated >= desired && total <= updated);
  return { current, ready, reason: kstatus.blocker?.reason ?? kstatus.reason, message: kstatus.message };
}
