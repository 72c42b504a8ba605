import type { V1NetworkPolicyEgressRule, V1NetworkPolicyPeer } from '@kubernetes/client-node';
import type { NetworkPolicy } from '@operators/k8s-common';
import type { DefaultedPrismNamespace } from '../api/v1alpha1/defaults.ts';
import { childMetadataIn, TENANCY_COMPONENT } from './metadata.ts';
import { tenantNamespaceName } from './tenant-namespace.ts';

export const DEFAULT_DENY_POLICY_NAME = 'prism-default-deny';
export const ALLOW_INGRESS_POLICY_NAME = 'prism-allow-ingress';
export const ALLOW_EGRESS_POLICY_NAME = 'prism-allow-egress';

/** The label the API server puts on every Namespace, so a policy can name namespaces without labelling them. */
const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const namespacesNamed = (names: readonly string[]): V1NetworkPolicyPeer => ({
  namespaceSelector: { matchExpressions: [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...names] }] },
});

/**
 * Default deny, then allowances: NetworkPolicies add up, so the deny policy selects every pod and
 * allows nothing, and each allowance is a policy of its own. Tenants can add their own policies
 * beside these without the operator undoing them. [] when spec.networkPolicy.defaultDeny is false.
 */
export function desiredTenantNetworkPolicies(tenant: DefaultedPrismNamespace): NetworkPolicy[] {
  const settings = tenant.spec.networkPolicy;
  if (!settings.defaultDeny) return [];
  const namespace = tenantNamespaceName(tenant);
  const policy = (name: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMetadataIn(tenant, namespace, name, TENANCY_COMPONENT),
    spec,
  });
  const policies = [policy(DEFAULT_DENY_POLICY_NAME, { podSelector: {}, policyTypes: settings.denyEgress ? ['Ingress', 'Egress'] : ['Ingress'] })];

  const ingressFrom: V1NetworkPolicyPeer[] = [
    ...(settings.allowSameNamespace ? [{ podSelector: {} }] : []),
    ...(settings.allowFromNamespaces?.length ? [namespacesNamed(settings.allowFromNamespaces)] : []),
  ];
  if (ingressFrom.length > 0) policies.push(policy(ALLOW_INGRESS_POLICY_NAME, { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: ingressFrom }] }));

  if (settings.denyEgress) {
    const egress: V1NetworkPolicyEgressRule[] = [
      ...(settings.allowDNS
        ? [
            {
              to: [{ namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
              ports: [
                { protocol: 'UDP', port: 53 },
                { protocol: 'TCP', port: 53 },
              ],
            },
          ]
        : []),
      ...(settings.allowSameNamespace ? [{ to: [{ podSelector: {} }] }] : []),
      ...(settings.allowEgressToNamespaces?.length ? [{ to: [namespacesNamed(settings.allowEgressToNamespaces)] }] : []),
      ...(settings.allowEgressToCIDRs?.length ? [{ to: settings.allowEgressToCIDRs.map((cidr) => ({ ipBlock: { cidr } })) }] : []),
    ];
    if (egress.length > 0) policies.push(policy(ALLOW_EGRESS_POLICY_NAME, { podSelector: {}, policyTypes: ['Egress'], egress }));
  }
  return policies;
}
