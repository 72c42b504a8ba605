// Replica counts of a workload for status, beside its verdict; a service's canary pods count with
// its stable ones. Also the desired-child shorthand for builders that may return nothing.
import type { V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { desiredChild, type DesiredChild, type KubeObject, type ResourceType } from '@operators/k8s-common';
import type { WorkloadVerdict } from '../support/workload-verdict.ts';

export interface CountedWorkload {
  name: string;
  verdict: WorkloadVerdict;
  replicas: number;
  readyReplicas: number;
}

export function countWorkload(live: V1StatefulSet | V1Deployment | undefined, verdict: WorkloadVerdict, name: string): CountedWorkload {
  return { name, verdict, replicas: live?.spec?.replicas ?? 0, readyReplicas: live?.status?.readyReplicas ?? 0 };
}

export function withCanaryPods(stable: CountedWorkload, canary: V1Deployment | undefined): CountedWorkload {
  return canary ? { ...stable, replicas: stable.replicas + (canary.spec?.replicas ?? 0), readyReplicas: stable.readyReplicas + (canary.status?.readyReplicas ?? 0) } : stable;
}

/** The child when the builder made one, else nothing: `...optionalChild(type, desiredX(...))`. */
export function optionalChild<T extends KubeObject>(type: ResourceType, object: T | undefined): DesiredChild[] {
  return object ? [desiredChild(type, object)] : [];
}
