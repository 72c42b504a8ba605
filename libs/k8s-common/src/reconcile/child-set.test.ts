import type { ApplyResult } from '../apply/applier.ts';
import type { KubeObject } from '../client/kube-client.ts';
import { ResourceTypes, type ResourceType } from '../client/resource-type.ts';
import { ChildSet, desiredChild, type ChildSetRuntime } from './child-set.ts';

// The child set's own logic against a recording runtime: which child is applied with which live
// object, what is deleted and what is returned. The same against the real API server is in
// e2e/src/k8s-common/child-set.e2e.test.ts.

const owner: KubeObject = { apiVersion: 'example.dev/v1', kind: 'Foo', metadata: { name: 'foo', namespace: 'ns', uid: 'owner-uid' } };
const cm = (name: string, data: Record<string, string> = {}, meta: Record<string, unknown> = {}) =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'ns', ...meta }, data }) as KubeObject;
const sts = (name: string, generation: number) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'ns', generation } }) as KubeObject;

function runtime(cached: { type: ResourceType; object: KubeObject }[], outcome: (desired: KubeObject) => ApplyResult<KubeObject>['outcome'] = () => 'updated') {
  const calls: string[] = [];
  const events: string[] = [];
  const rt: ChildSetRuntime = {
    applier: {
      apply: async <T extends KubeObject>(type: ResourceType, desired: T, live: KubeObject | undefined, options?: { signal?: AbortSignal }) => {
        calls.push(`apply ${type.kind}/${desired.metadata?.name} live=${live ? 'yes' : 'no'}${options?.signal ? ' signal' : ''}`);
        const result = outcome(desired);
        // What the API server answers to a write: the new generation, not yet observed.
        const object = (result === 'unchanged' ? live : { ...desired, metadata: { ...desired.metadata, resourceVersion: 'new' } }) as T;
        return { outcome: result, object, driftCorrected: false };
      },
      forget: (type, namespace, name) => calls.push(`forget ${type.kind}/${namespace}/${name}`),
    },
    cache: {
      get: <T extends KubeObject>(type: ResourceType, name: string) =>
        cached.find((c) => c.type === type && c.object.metadata?.name === name)?.object as T | undefined,
      ownedBy: <T extends KubeObject>(type: ResourceType, uid: string) =>
        cached.filter((c) => c.type === type && c.object.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller)).map((c) => c.object as T),
    },
    client: {
      tryDelete: async (type, name, namespace, options) => {
        calls.push(`delete ${type.kind}/${namespace}/${name} uid=${options?.preconditions?.uid}${options?.signal ? ' signal' : ''}`);
        return true;
      },
    },
    events: { event: (_o, type, reason, note) => events.push(`${type} ${reason} ${note}`) },
  };
  return { rt, calls, events };
}

const owned = { ownerReferences: [{ apiVersion: 'example.dev/v1', kind: 'Foo', name: 'foo', uid: 'owner-uid', controller: true }] };
const children = new ChildSet([ResourceTypes.ConfigMap, ResourceTypes.StatefulSet, ResourceTypes.PodDisruptionBudget]);

describe('ChildSet', () => {
  it('applies every desired child in order, with its cached live object, and records Created/Updated Events', async () => {
    const { rt, calls, events } = runtime([{ type: ResourceTypes.ConfigMap, object: cm('a', {}, owned) }], (d) => (d.metadata?.name === 'a' ? 'updated' : 'created'));
    await children.reconcile(rt, owner, [desiredChild(ResourceTypes.ConfigMap, cm('a', { k: 'v' })), desiredChild(ResourceTypes.StatefulSet, sts('s', 1))]);
    expect(calls).toEqual(['apply ConfigMap/a live=yes', 'apply StatefulSet/s live=no']);
    expect(events).toEqual(['Normal Updated Updated ConfigMap a', 'Normal Created Created StatefulSet s']);
  });

  it('records one Event per reason for all the children a reconcile created or updated, and drift per child', async () => {
    const drifted = { type: ResourceTypes.PodDisruptionBudget, object: { metadata: { name: 'p', namespace: 'ns', ...owned } } };
    const outcomes: Record<string, 'created' | 'updated'> = { a: 'created', s: 'created', b: 'updated' };
    const { rt, events } = runtime([drifted], (d) => outcomes[d.metadata?.name ?? ''] ?? 'updated');
    const applier = rt.applier;
    rt.applier = { ...applier, apply: async (type, desired, live, options) => ({ ...(await applier.apply(type, desired, live, options)), driftCorrected: desired.metadata?.name === 'p' }) };
    await children.reconcile(rt, owner, [
      desiredChild(ResourceTypes.ConfigMap, cm('a')),
      desiredChild(ResourceTypes.ConfigMap, cm('b')),
      desiredChild(ResourceTypes.StatefulSet, sts('s', 1)),
      desiredChild(ResourceTypes.PodDisruptionBudget, { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p', namespace: 'ns' } }),
    ]);
    expect(events).toEqual([
      'Normal DriftCorrected PodDisruptionBudget p was changed outside the operator; restored the desired state',
      'Normal Created Created ConfigMap a, StatefulSet s',
      'Normal Updated Updated ConfigMap b',
    ]);
  });

  it('returns each child as the apply returned it: the server\'s object after a write, the cached one when skipped', async () => {
    const cachedSts = sts('s', 1);
    const { rt } = runtime([{ type: ResourceTypes.StatefulSet, object: cachedSts }, { type: ResourceTypes.ConfigMap, object: cm('a') }], (d) => (d.kind === 'ConfigMap' ? 'unchanged' : 'updated'));
    const result = await children.reconcile(rt, owner, [desiredChild(ResourceTypes.ConfigMap, cm('a')), desiredChild(ResourceTypes.StatefulSet, sts('s', 2))]);
    expect(result.get(ResourceTypes.StatefulSet, 's')?.metadata).toMatchObject({ generation: 2, resourceVersion: 'new' });
    expect(result.get(ResourceTypes.ConfigMap, 'a')).toBe(rt.cache.get(ResourceTypes.ConfigMap, 'a'));
    expect(result.get(ResourceTypes.ConfigMap, 'other')).toBeUndefined();
    expect(result.applied.map((a) => `${a.type.kind}:${a.outcome}`)).toEqual(['ConfigMap:unchanged', 'StatefulSet:updated']);
  });

  it('deletes owned children of its kinds that are no longer desired, with a uid precondition, and forgets them', async () => {
    const { rt, calls, events } = runtime([
      { type: ResourceTypes.PodDisruptionBudget, object: { metadata: { name: 'old-pdb', namespace: 'ns', uid: 'pdb-uid', ...owned } } },
      { type: ResourceTypes.ConfigMap, object: cm('keep', {}, { uid: 'cm-uid', ...owned }) },
      // Not ours: another owner's, or being deleted already.
      { type: ResourceTypes.ConfigMap, object: cm('foreign', {}, { uid: 'x', ownerReferences: [{ apiVersion: 'v1', kind: 'Foo', name: 'other', uid: 'other-uid', controller: true }] }) },
      { type: ResourceTypes.ConfigMap, object: cm('going', {}, { uid: 'y', deletionTimestamp: '2026-01-01T00:00:00Z', ...owned }) },
    ], () => 'unchanged');
    const result = await children.reconcile(rt, owner, [desiredChild(ResourceTypes.ConfigMap, cm('keep'))]);
    expect(calls.filter((c) => !c.startsWith('apply'))).toEqual(['delete PodDisruptionBudget/ns/old-pdb uid=pdb-uid', 'forget PodDisruptionBudget/ns/old-pdb']);
    expect(result.deleted).toEqual([{ type: ResourceTypes.PodDisruptionBudget, name: 'old-pdb', namespace: 'ns' }]);
    expect(events).toEqual(['Normal Deleted Deleted PodDisruptionBudget old-pdb: no longer desired']);
  });

  it('refuses a child of a kind it was not declared with (the cache is not asked about unregistered kinds)', async () => {
    const { rt, calls } = runtime([]);
    await expect(children.reconcile(rt, owner, [desiredChild(ResourceTypes.Service, { metadata: { name: 'svc', namespace: 'ns' } })])).rejects.toThrow(/Service is not one of its kinds/);
    expect(calls).toEqual([]);
  });

  it('refuses the same child twice', async () => {
    const { rt } = runtime([]);
    await expect(children.reconcile(rt, owner, [desiredChild(ResourceTypes.ConfigMap, cm('a')), desiredChild(ResourceTypes.ConfigMap, cm('a'))])).rejects.toThrow(/desired twice/);
  });

  it('passes the signal to every request', async () => {
    const { rt, calls } = runtime([{ type: ResourceTypes.ConfigMap, object: cm('old', {}, { uid: 'u', ...owned }) }]);
    await children.reconcile(rt, owner, [desiredChild(ResourceTypes.ConfigMap, cm('a'))], { signal: new AbortController().signal });
    expect(calls).toEqual(['apply ConfigMap/a live=no signal', 'delete ConfigMap/ns/old uid=u signal', 'forget ConfigMap/ns/old']);
  });

  it('starts no write once the signal is aborted', async () => {
    const { rt, calls } = runtime([]);
    const abort = new AbortController();
    abort.abort();
    await expect(children.reconcile(rt, owner, [desiredChild(ResourceTypes.ConfigMap, cm('a'))], { signal: abort.signal })).rejects.toThrow();
    expect(calls).toEqual([]);
  });
});
