import { Backoff } from './backoff.ts';
import { controllerUidIndex, IndexedStore, INDEX_CONTROLLER_UID, labelIndex, objectKey, splitKey } from './store.ts';

const cm = (name: string, owner?: string, app?: string) => ({
  metadata: { name, namespace: 'ns', ...(app ? { labels: { app } } : {}), ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: owner, controller: true }] } : {}) },
});

describe('IndexedStore', () => {
  it('keeps indexes in step with upserts and removals', () => {
    const store = new IndexedStore();
    store.addIndexer(INDEX_CONTROLLER_UID, controllerUidIndex);
    store.upsert(cm('a', 'u1'));
    store.upsert(cm('b', 'u1'));
    store.upsert(cm('c', 'u2'));
    expect(store.byIndex(INDEX_CONTROLLER_UID, 'u1').map((o) => o.metadata?.name).sort()).toEqual(['a', 'b']);
    store.upsert(cm('b', 'u2'));
    expect(store.byIndex(INDEX_CONTROLLER_UID, 'u1').map((o) => o.metadata?.name)).toEqual(['a']);
    store.remove('ns/a');
    expect(store.byIndex(INDEX_CONTROLLER_UID, 'u1')).toEqual([]);
    expect(store.size).toBe(2);
  });
  it('indexes existing objects when an indexer is added later, and survives a throwing index function', () => {
    const store = new IndexedStore();
    store.upsert(cm('a', undefined, 'web'));
    store.addIndexer('app', labelIndex('app'));
    store.addIndexer('broken', () => {
      throw new Error('bad');
    });
    store.upsert(cm('b', undefined, 'web'));
    expect(store.byIndex('app', 'web')).toHaveLength(2);
    expect(store.byIndex('broken', 'x')).toEqual([]);
    expect(() => store.byIndex('missing', 'x')).toThrow(/no index/);
  });
  it('keys objects as namespace/name', () => {
    expect(objectKey(cm('a'))).toBe('ns/a');
    expect(objectKey({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(splitKey('ns/a')).toEqual({ namespace: 'ns', name: 'a' });
    expect(splitKey('node-1')).toEqual({ name: 'node-1' });
  });
});

describe('Backoff', () => {
  it('doubles up to the cap with jitter in [cap/2, cap], and resets', () => {
    const low = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 0 });
    expect([low.next(), low.next(), low.next(), low.next(), low.next()]).toEqual([50, 100, 200, 400, 500]);
    const high = new Backoff({ initialMs: 100, maxMs: 1000, random: () => 1 });
    expect([high.next(), high.next()]).toEqual([100, 200]);
    high.reset();
    expect(high.next()).toBe(100);
  });
});
