import { aNamespace, withNamespaceSpec } from '../../test/fixtures.ts';
import { decideNamespaceDeletion, describeWorkloads } from './namespace-deletion.ts';

const active = { phase: 'Active', managed: true };

describe('decideNamespaceDeletion', () => {
  it('DeleteIfEmpty refuses while workloads remain, saying which and how to override', () => {
    const step = decideNamespaceDeletion(aNamespace(), { namespace: active, workloads: { Pod: 3, Deployment: 1 } });
    expect(step).toEqual({
      action: 'wait',
      reason: 'WorkloadsRemain',
      message: 'the Namespace tenant-a still holds 3 Pods, 1 Deployment; it is deleted once they are gone. To delete it anyway set spec.deletionPolicy to Delete; to keep it, Retain',
    });
  });

  it('DeleteIfEmpty deletes an empty Namespace', () => {
    expect(decideNamespaceDeletion(aNamespace(), { namespace: active, workloads: { Pod: 0 } })).toMatchObject({ action: 'delete-namespace', reason: 'Deleting' });
  });

  it('Delete deletes the Namespace with its workloads, as asked', () => {
    expect(decideNamespaceDeletion(aNamespace(withNamespaceSpec({ deletionPolicy: 'Delete' })), { namespace: active, workloads: { Pod: 3 } })).toMatchObject({ action: 'delete-namespace' });
  });

  it('Retain releases the Namespace and the operator\'s objects in it', () => {
    expect(decideNamespaceDeletion(aNamespace(withNamespaceSpec({ deletionPolicy: 'Retain' })), { namespace: active, workloads: { Pod: 3 } })).toMatchObject({ action: 'release', reason: 'Retained' });
  });

  it('waits for a terminating Namespace, then removes the finalizer once it is gone', () => {
    expect(decideNamespaceDeletion(aNamespace(), { namespace: { phase: 'Terminating', managed: true }, workloads: {} })).toMatchObject({ action: 'wait', reason: 'NamespaceTerminating' });
    expect(decideNamespaceDeletion(aNamespace(), { workloads: {} })).toMatchObject({ action: 'remove-finalizer', reason: 'NamespaceGone' });
  });

  it('never deletes a Namespace it did not provision', () => {
    const step = decideNamespaceDeletion(aNamespace(withNamespaceSpec({ deletionPolicy: 'Delete' })), { namespace: { phase: 'Active', managed: false }, workloads: {} });
    expect(step).toMatchObject({ action: 'remove-finalizer', reason: 'NamespaceNotManaged' });
  });
});

describe('describeWorkloads', () => {
  it('lists the kinds in a fixed order, singular or plural', () => {
    expect(describeWorkloads({ PrismPattern: 2, Pod: 1, Job: 0 })).toBe('1 Pod, 2 PrismPatterns');
    expect(describeWorkloads({})).toBeUndefined();
  });
});
