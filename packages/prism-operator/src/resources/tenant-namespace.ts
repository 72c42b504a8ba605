import type { V1Namespace } from '@kubernetes/client-node';
import { mergeLabels } from '@operators/k8s-common';
import type { DefaultedPrismNamespace } from '../api/v1alpha1/defaults.ts';
import { NAMESPACE_OWNER_LABEL } from '../api/v1alpha1/group.ts';
import { componentLabels, nameOf, TENANCY_COMPONENT } from './metadata.ts';

/** The Namespace a PrismNamespace provisions has its name. */
export const tenantNamespaceName = (tenant: DefaultedPrismNamespace): string => nameOf(tenant);

/** The labels that mark a Namespace as provisioned by `tenant`; a Namespace without them is not the operator's to change or delete. */
export const tenantOwnerLabels = (tenant: DefaultedPrismNamespace): Record<string, string> => ({ [NAMESPACE_OWNER_LABEL]: nameOf(tenant) });

/**
 * The Namespace, with the tenant's labels and annotations and the Pod Security Standard enforced,
 * warned and audited at spec.podSecurity.
 *
 * Deliberately without an owner reference: the Namespace holds the tenant's workloads and data,
 * and the garbage collector would delete it the moment the PrismNamespace is gone. Its deletion
 * is the operator's decision instead (status/namespace-deletion.ts), behind a finalizer.
 */
export function desiredTenantNamespace(tenant: DefaultedPrismNamespace): V1Namespace {
  const { spec } = tenant;
  const level = spec.podSecurity;
  const protectedLabels = {
    ...componentLabels(nameOf(tenant), TENANCY_COMPONENT),
    ...tenantOwnerLabels(tenant),
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/warn': level,
    'pod-security.kubernetes.io/audit': level,
  };
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: tenantNamespaceName(tenant),
      labels: mergeLabels(spec.labels, protectedLabels),
      ...(spec.annotations ? { annotations: { ...spec.annotations } } : {}),
    },
  };
}
