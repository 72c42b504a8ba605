import { aNamespace, exampleNamespace, withNamespaceSpec } from '../../test/fixtures.ts';
import { desiredTenantRoleBindings } from './tenant-role-bindings.ts';

describe('desiredTenantRoleBindings', () => {
  it('binds each ClusterRole to the tenant\'s groups in the tenant namespace only', () => {
    const bindings = desiredTenantRoleBindings(exampleNamespace());
    expect(bindings.map((b) => [b.metadata?.name, b.metadata?.namespace, b.roleRef.name, b.subjects])).toEqual([
      ['prism-edit', 'tenant-acme', 'edit', [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'acme-developers' }]],
      ['prism-view', 'tenant-acme', 'view', [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'acme-auditors' }]],
    ]);
    expect(bindings[0]?.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'edit' });
  });

  it('binds users and ServiceAccounts, a ServiceAccount without namespace being the tenant\'s', () => {
    const [binding] = desiredTenantRoleBindings(aNamespace(withNamespaceSpec({ roleBindings: [{ clusterRole: 'admin', users: ['alice'], serviceAccounts: [{ name: 'deployer' }, { name: 'ci', namespace: 'ci' }] }] })));
    expect(binding?.subjects).toEqual([
      { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'alice' },
      { kind: 'ServiceAccount', name: 'deployer', namespace: 'tenant-a' },
      { kind: 'ServiceAccount', name: 'ci', namespace: 'ci' },
    ]);
  });

  it('is nothing without spec.roleBindings', () => {
    expect(desiredTenantRoleBindings(aNamespace())).toEqual([]);
  });

  it('match the snapshot for the example', () => {
    expect(desiredTenantRoleBindings(exampleNamespace())).toMatchSnapshot();
  });
});
