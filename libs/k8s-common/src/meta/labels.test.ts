import { controllerOf, controllerReference, groupOf, isControlledBy, ownedMetadata } from './owner.ts';
import { mergeLabels, sanitizeLabelValue, selectorLabels, standardLabels, toLabelSelector } from './labels.ts';
import { isBeingDeleted, withFinalizer, withoutFinalizer } from './finalizers.ts';

describe('labels', () => {
  it('builds the app.kubernetes.io labels and a selector of identity only', () => {
    const input = { name: 'broker', instance: 'c1', component: 'server', partOf: 'bus', managedBy: 'op', version: 'v1.0+x' };
    expect(standardLabels(input)).toEqual({
      'app.kubernetes.io/name': 'broker',
      'app.kubernetes.io/instance': 'c1',
      'app.kubernetes.io/component': 'server',
      'app.kubernetes.io/part-of': 'bus',
      'app.kubernetes.io/managed-by': 'op',
      'app.kubernetes.io/version': 'v1.0-x',
    });
    expect(selectorLabels(input)).toEqual({
      'app.kubernetes.io/name': 'broker',
      'app.kubernetes.io/instance': 'c1',
      'app.kubernetes.io/component': 'server',
    });
  });

  it('never lets user labels override the operator labels', () => {
    expect(mergeLabels({ 'app.kubernetes.io/name': 'evil', env: 'prod' }, { 'app.kubernetes.io/name': 'broker' })).toEqual({
      'app.kubernetes.io/name': 'broker',
      env: 'prod',
    });
  });

  it('sanitizes label values and renders selectors in a stable order', () => {
    expect(sanitizeLabelValue('-' + 'a'.repeat(70))).toHaveLength(63);
    expect(sanitizeLabelValue('_x/y_')).toBe('x-y');
    expect(toLabelSelector({ b: '2', a: '1' })).toBe('a=1,b=2');
  });
});

describe('owner references and finalizers', () => {
  const owner = { apiVersion: 'x.io/v1', kind: 'Thing', metadata: { name: 't', uid: 'u1' } };
  it('makes a controller reference that blocks owner deletion', () => {
    expect(controllerReference(owner)).toEqual({
      apiVersion: 'x.io/v1', kind: 'Thing', name: 't', uid: 'u1', controller: true, blockOwnerDeletion: true,
    });
    expect(() => controllerReference({ kind: 'Thing', metadata: { name: 't' } })).toThrow(/uid/);
  });
  it('builds owned metadata in the owner namespace', () => {
    const namespaced = { ...owner, metadata: { ...owner.metadata, namespace: 'ns' } };
    expect(ownedMetadata(namespaced, 'child', { a: 'b' })).toEqual({
      name: 'child', namespace: 'ns', labels: { a: 'b' }, ownerReferences: [controllerReference(namespaced)],
    });
    expect(() => ownedMetadata(owner, 'child', {})).toThrow(/no namespace/);
  });
  it('recognises the controller by uid', () => {
    const child = { metadata: { ownerReferences: [{ ...controllerReference(owner) }] } };
    expect(isControlledBy(child, owner)).toBe(true);
    expect(isControlledBy(child, { metadata: { uid: 'other' } })).toBe(false);
    expect(controllerOf({ metadata: {} })).toBeUndefined();
    expect(groupOf('apps/v1')).toBe('apps');
    expect(groupOf('v1')).toBe('');
  });
  it('adds and removes finalizers without duplicates', () => {
    const obj = { metadata: { finalizers: ['a'] } };
    expect(withFinalizer(obj, 'a')).toEqual(['a']);
    expect(withFinalizer(obj, 'b')).toEqual(['a', 'b']);
    expect(withoutFinalizer(obj, 'a')).toEqual([]);
    expect(isBeingDeleted({ metadata: { deletionTimestamp: new Date() } })).toBe(true);
  });
});
