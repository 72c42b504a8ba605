import { aNamespace, exampleNamespace, withNamespaceSpec } from '../../test/fixtures.ts';
import { desiredTenantNetworkPolicies } from './tenant-network-policies.ts';

const byName = (policies: ReturnType<typeof desiredTenantNetworkPolicies>) => Object.fromEntries(policies.map((p) => [p.metadata?.name, p.spec]));

describe('desiredTenantNetworkPolicies', () => {
  it('denies all ingress by default and admits the namespace\'s own pods', () => {
    const policies = byName(desiredTenantNetworkPolicies(aNamespace()));
    expect(policies).toEqual({
      'prism-default-deny': { podSelector: {}, policyTypes: ['Ingress'] },
      'prism-allow-ingress': { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] },
    });
  });

  it('admits the namespaces allowFromNamespaces names, by their metadata.name label', () => {
    expect(byName(desiredTenantNetworkPolicies(exampleNamespace()))['prism-allow-ingress']?.ingress).toEqual([
      { from: [{ podSelector: {} }, { namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['prism-system'] }] } }] },
    ]);
  });

  it('denies egress too when asked, keeping DNS, the namespace, and the allowed namespaces and CIDRs', () => {
    const policies = byName(
      desiredTenantNetworkPolicies(aNamespace(withNamespaceSpec({ networkPolicy: { denyEgress: true, allowEgressToNamespaces: ['databases'], allowEgressToCIDRs: ['10.20.0.0/16'] } }))),
    );
    expect(policies['prism-default-deny']).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(policies['prism-allow-egress']?.egress).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [
          { protocol: 'UDP', port: 53 },
          { protocol: 'TCP', port: 53 },
        ],
      },
      { to: [{ podSelector: {} }] },
      { to: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['databases'] }] } }] },
      { to: [{ ipBlock: { cidr: '10.20.0.0/16' } }] },
    ]);
  });

  it('is only the deny policy when nothing is allowed', () => {
    const policies = desiredTenantNetworkPolicies(aNamespace(withNamespaceSpec({ networkPolicy: { allowSameNamespace: false, denyEgress: true, allowDNS: false } })));
    expect(policies.map((p) => p.metadata?.name)).toEqual(['prism-default-deny']);
  });

  it('is nothing without defaultDeny', () => {
    expect(desiredTenantNetworkPolicies(aNamespace(withNamespaceSpec({ networkPolicy: { defaultDeny: false } })))).toEqual([]);
  });

  it('places them in the tenant namespace, owned by the PrismNamespace', () => {
    for (const policy of desiredTenantNetworkPolicies(exampleNamespace())) {
      expect(policy.metadata?.namespace).toBe('tenant-acme');
      expect(policy.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismNamespace', controller: true })]);
    }
  });

  it('match the snapshot for the example', () => {
    expect(desiredTenantNetworkPolicies(exampleNamespace())).toMatchSnapshot();
  });
});
