// What deleting a PrismNamespace does to its Namespace, decided from what the reconciler saw. The
// PrismNamespace carries a finalizer; the reconciler removes it only when this says so, so a
// Namespace that still holds workloads is never deleted unless the user asked for it.
import type { DefaultedPrismNamespace } from '../api/v1alpha1/defaults.ts';
import { tenantNamespaceName } from '../resources/tenant-namespace.ts';

/** Removed by the reconciler once the deletion is decided and done. */
export const NAMESPACE_FINALIZER = 'prism.io/namespace-protection';

/** Kinds that count as workloads, in the order messages list them. */
export const WORKLOAD_KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'PrismStack', 'PrismPattern'] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

export interface ObservedTenantNamespace {
  /** The Namespace as read; undefined when it does not exist. */
  namespace?: { phase?: string; managed: boolean };
  /** How many of each kind the Namespace holds; Pods that ended (Succeeded, Failed) are not counted. */
  workloads: Partial<Record<WorkloadKind, number>>;
}

export type DeletionStep =
  /** The Namespace is gone, or was never the operator's: remove the finalizer. */
  | { action: 'remove-finalizer'; reason: 'NamespaceGone' | 'NamespaceNotManaged'; message: string }
  /** deletionPolicy Retain: remove the operator's owner references from the quota, limits, policies and bindings (so they stay), then the finalizer. */
  | { action: 'release'; reason: 'Retained'; message: string }
  | { action: 'delete-namespace'; reason: 'Deleting'; message: string }
  /** Keep the finalizer and look again later (Namespace terminating, or workloads remaining). */
  | { action: 'wait'; reason: 'NamespaceTerminating' | 'WorkloadsRemain'; message: string };

export function decideNamespaceDeletion(tenant: DefaultedPrismNamespace, observed: ObservedTenantNamespace): DeletionStep {
  const name = tenantNamespaceName(tenant);
  const { namespace } = observed;
  if (!namespace) return { action: 'remove-finalizer', reason: 'NamespaceGone', message: `the Namespace ${name} is gone` };
  if (!namespace.managed) return { action: 'remove-finalizer', reason: 'NamespaceNotManaged', message: `the Namespace ${name} was not provisioned by this PrismNamespace; it is left alone` };
  if (namespace.phase === 'Terminating') return { action: 'wait', reason: 'NamespaceTerminating', message: `the Namespace ${name} is being deleted` };
  switch (tenant.spec.deletionPolicy) {
    case 'Retain':
      return { action: 'release', reason: 'Retained', message: `deletionPolicy is Retain: the Namespace ${name} and everything in it stay` };
    case 'Delete':
      return { action: 'delete-namespace', reason: 'Deleting', message: `deletionPolicy is Delete: deleting the Namespace ${name} and everything in it` };
    case 'DeleteIfEmpty': {
      const remaining = describeWorkloads(observed.workloads);
      if (remaining === undefined) return { action: 'delete-namespace', reason: 'Deleting', message: `the Namespace ${name} holds no workloads: deleting it` };
      return {
        action: 'wait',
        reason: 'WorkloadsRemain',
        message: `the Namespace ${name} still holds ${remaining}; it is deleted once they are gone. To delete it anyway set spec.deletionPolicy to Delete; to keep it, Retain`,
      };
    }
  }
}

/** "2 Pods, 1 Deployment", or undefined when there are none. */
export function describeWorkloads(workloads: Partial<Record<WorkloadKind, number>>): string | undefined {
  const parts = WORKLOAD_KINDS.flatMap((kind) => {
    const count = workloads[kind] ?? 0;
    return count > 0 ? [`${count} ${kind}${count === 1 ? '' : 's'}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : undefined;
}
