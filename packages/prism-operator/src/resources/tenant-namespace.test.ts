import { aNamespace, exampleNamespace, withNamespaceSpec } from '../../test/fixtures.ts';
import { desiredTenantNamespace } from './tenant-namespace.ts';

describe('desiredTenantNamespace', () => {
  const namespace = desiredTenantNamespace(exampleNamespace());

  it('is named after the PrismNamespace and enforces its Pod Security level', () => {
    expect(namespace.metadata?.name).toBe('tenant-acme');
    expect(namespace.metadata?.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
      'prism.io/namespace': 'tenant-acme',
      'app.kubernetes.io/managed-by': 'prism-operator',
      tenant: 'acme',
    });
  });

  it('has no owner reference: the garbage collector must never delete a tenant\'s namespace', () => {
    expect(namespace.metadata?.ownerReferences).toBeUndefined();
  });

  it('lets the operator\'s labels win over the tenant\'s', () => {
    const labels = desiredTenantNamespace(aNamespace(withNamespaceSpec({ podSecurity: 'baseline', labels: { 'pod-security.kubernetes.io/enforce': 'privileged', 'prism.io/namespace': 'other' } }))).metadata?.labels;
    expect(labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'baseline', 'prism.io/namespace': 'tenant-a' });
  });

  it('carries the tenant\'s annotations', () => {
    expect(desiredTenantNamespace(aNamespace(withNamespaceSpec({ annotations: { owner: 'team-a' } }))).metadata?.annotations).toEqual({ owner: 'team-a' });
    expect(namespace.metadata?.annotations).toBeUndefined();
  });

  it('matches the snapshot for the example', () => {
    expect(namespace).toMatchSnapshot();
  });
});
