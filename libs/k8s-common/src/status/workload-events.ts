// The Events that explain a workload's missing pods. StatefulSet, DaemonSet and Job controllers
// report a pod they could not create (a quota, an admission webhook) only as a FailedCreate
// Event, not in the workload's status. Read directly (Events are not worth caching), and only
// while pods are missing, so a settled workload costs no request.
import type { KubeObject, ListOptions, ObjectList, RequestOptions } from '../client/kube-client.ts';
import { ResourceTypes, type ResourceType } from '../client/resource-type.ts';
import { missingPods, type WorkloadEvent } from './workload-readiness.ts';

export interface EventReader {
  list<T extends KubeObject>(type: ResourceType, options?: ListOptions): Promise<ObjectList<T>>;
}

/** FailedCreate Events regarding `workload` (events.k8s.io/v1, `list` on events), or none when no pod is missing. */
export async function podCreationFailures(client: EventReader, workload: KubeObject | undefined, options: RequestOptions = {}): Promise<WorkloadEvent[]> {
  const name = workload?.metadata?.name;
  if (!workload || !name || !missingPods(workload)) return [];
  const list = await client.list<KubeObject & WorkloadEvent>(ResourceTypes.Event, {
    ...options,
    ...(workload.metadata?.namespace ? { namespace: workload.metadata.namespace } : {}),
    fieldSelector: `regarding.kind=${workload.kind},regarding.name=${name},reason=FailedCreate`,
  });
  return list.items;
}
