import type { RbacV1Subject, V1RoleBinding } from '@kubernetes/client-node';
import type { DefaultedPrismNamespace } from '../api/v1alpha1/defaults.ts';
import { childMetadataIn, TENANCY_COMPONENT } from './metadata.ts';
import { tenantNamespaceName } from './tenant-namespace.ts';

export const roleBindingName = (clusterRole: string): string => `prism-${clusterRole}`;

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One RoleBinding prism-<clusterRole> per entry of spec.roleBindings, granting the ClusterRole in the tenant namespace only. */
export function desiredTenantRoleBindings(tenant: DefaultedPrismNamespace): V1RoleBinding[] {
  const namespace = tenantNamespaceName(tenant);
  return (tenant.spec.roleBindings ?? []).map((binding) => {
    const subjects: RbacV1Subject[] = [
      ...(binding.groups ?? []).map((name) => ({ kind: 'Group', apiGroup: RBAC_GROUP, name })),
      ...(binding.users ?? []).map((name) => ({ kind: 'User', apiGroup: RBAC_GROUP, name })),
      ...(binding.serviceAccounts ?? []).map((sa) => ({ kind: 'ServiceAccount', name: sa.name, namespace: sa.namespace ?? namespace })),
    ];
    return {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: childMetadataIn(tenant, namespace, roleBindingName(binding.clusterRole), TENANCY_COMPONENT),
      roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: binding.clusterRole },
      subjects,
    };
  });
}
