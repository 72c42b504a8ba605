import { aNamespace, exampleNamespace } from '../../test/fixtures.ts';
import { decideNamespaceDeletion } from './namespace-deletion.ts';
import { computeNamespaceStatus } from './namespace-status.ts';

const NOW = new Date('2026-05-01T10:00:00Z');
const active = { phase: 'Active', managed: true };
const conditionOf = (status: ReturnType<typeof computeNamespaceStatus>, type: string) => status.conditions.find((c) => c.type === type);

describe('computeNamespaceStatus', () => {
  it('Active and Ready once the Namespace is active, listing what was provisioned', () => {
    const status = computeNamespaceStatus(exampleNamespace(), { namespace: active, paused: false }, NOW);
    expect(status).toMatchObject({ phase: 'Active', namespace: 'tenant-acme', observedGeneration: 1 });
    expect(conditionOf(status, 'Ready')).toMatchObject({
      status: 'True',
      reason: 'Provisioned',
      message: 'the Namespace tenant-acme is provisioned with Pod Security restricted, a ResourceQuota, a LimitRange, default-deny NetworkPolicies, 2 RoleBindings',
    });
  });

  it('Pending until the Namespace exists', () => {
    expect(computeNamespaceStatus(aNamespace(), { paused: false }, NOW)).toMatchObject({ phase: 'Pending' });
  });

  it('Failed when a Namespace of that name exists and is not its own', () => {
    const status = computeNamespaceStatus(aNamespace(), { namespace: { phase: 'Active', managed: false }, paused: false }, NOW);
    expect(status.phase).toBe('Failed');
    expect(conditionOf(status, 'Ready')?.reason).toBe('NamespaceNotManaged');
  });

  it('Terminating with DeletionBlocked=True while workloads remain', () => {
    const tenant = aNamespace();
    const deletion = decideNamespaceDeletion(tenant, { namespace: active, workloads: { Pod: 2 } });
    const status = computeNamespaceStatus(tenant, { namespace: active, deletion, paused: false }, NOW);
    expect(status.phase).toBe('Terminating');
    expect(conditionOf(status, 'DeletionBlocked')).toMatchObject({ status: 'True', reason: 'WorkloadsRemain' });
    expect(conditionOf(status, 'DeletionBlocked')?.message).toContain('still holds 2 Pods');
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'WorkloadsRemain' });
  });

  it('DeletionBlocked=False once the deletion proceeds, and gone when not deleting', () => {
    const tenant = aNamespace();
    const deleting = computeNamespaceStatus(tenant, { namespace: active, deletion: decideNamespaceDeletion(tenant, { namespace: active, workloads: {} }), paused: false }, NOW);
    expect(conditionOf(deleting, 'DeletionBlocked')).toMatchObject({ status: 'False', reason: 'Deleting' });
    expect(conditionOf(computeNamespaceStatus({ ...tenant, status: deleting }, { namespace: active, paused: false }, NOW), 'DeletionBlocked')).toBeUndefined();
  });
});
