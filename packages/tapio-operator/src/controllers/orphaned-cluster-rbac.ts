// The Kubernetes API collector's ClusterRole and binding are cluster-scoped, so they take no owner
// reference: the collector controller deletes them when it finds the collector gone. A collector
// deleted while no operator ran is never reconciled again, and its RBAC would stay. At start the
// operator lists the ClusterRoles it made for collectors and enqueues each one's collector: the
// controller finds the ones that are gone and deletes their RBAC (whenAbsent); the others are
// reconciled as at every start.
import type { V1ClusterRole } from '@kubernetes/client-node';
import { isForbidden, ResourceTypes, toLabelSelector, type Controller, type Manager } from '@operators/k8s-common';
import { MANAGED_BY } from '../api/v1alpha1/group.ts';
import { OWNER_NAMESPACE_LABEL } from '../resources/collector-rbac.ts';
import { MANAGED_BY_LABEL } from './owned-pods.ts';

const INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** Enqueues the collector of every ClusterRole this operator made, in the watched namespaces. Namespace-scoped RBAC: nothing to do (it could make none). */
export async function enqueueCollectorsWithClusterRbac(manager: Manager, collectors: Controller): Promise<number> {
  let roles: V1ClusterRole[];
  try {
    roles = (await manager.client.list<V1ClusterRole>(ResourceTypes.ClusterRole, { labelSelector: `${toLabelSelector({ [MANAGED_BY_LABEL]: MANAGED_BY })},${OWNER_NAMESPACE_LABEL}` })).items;
  } catch (err) {
    if (isForbidden(err)) return 0;
    throw err;
  }
  const watched = manager.config.namespaces;
  let enqueued = 0;
  for (const role of roles) {
    const namespace = role.metadata?.labels?.[OWNER_NAMESPACE_LABEL];
    const name = role.metadata?.labels?.[INSTANCE_LABEL];
    if (!namespace || !name || (watched.length > 0 && !watched.includes(namespace))) continue;
    collectors.enqueue({ namespace, name });
    enqueued++;
  }
  return enqueued;
}
