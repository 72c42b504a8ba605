import type { KubeObject } from '../client/kube-client.ts';

/** `namespace/name`, or `name` for cluster-scoped objects: the key of the cache and of the queue. */
export function objectKey(obj: KubeObject): string {
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Maps an object to the index values it is found under (e.g. its controller owner's uid). */
export type IndexFunction<T> = (obj: T) => string[];

/** A keyed object store with secondary indexes, as client-go's thread-safe store and indexer. */
export class IndexedStore<T extends KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunction<T>>();
  private readonly indexes = new Map<string, Map<string, Set<string>>>();

  addIndexer(name: string, fn: IndexFunction<T>): void {
    if (this.indexers.has(name)) return;
    this.indexers.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indexes.set(name, index);
    for (const [key, obj] of this.objects) this.indexObject(fn, index, key, obj);
  }

  get(key: string): T | undefined {
    return this.objects.get(key);
  }

  keys(): string[] {
    return [...this.objects.keys()];
  }

  values(): T[] {
    return [...this.objects.values()];
  }

  get size(): number {
    return this.objects.size;
  }

  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.objects.get(key);
    if (old) this.unindex(key, old);
    this.objects.set(key, obj);
    for (const [name, fn] of this.indexers) this.indexObject(fn, this.indexes.get(name)!, key, obj);
    return old;
  }

  remove(key: string): T | undefined {
    const old = this.objects.get(key);
    if (!old) return undefined;
    this.unindex(key, old);
    this.objects.delete(key);
    return old;
  }

  byIndex(indexName: string, value: string): T[] {
    const index = this.indexes.get(indexName);
    if (!index) throw new Error(`no index named ${indexName}`);
    return [...(index.get(value) ?? [])].map((key) => this.objects.get(key)!).filter(Boolean);
  }

  private indexObject(fn: IndexFunction<T>, index: Map<string, Set<string>>, key: string, obj: T): void {
    let values: string[];
    try {
      values = fn(obj);
    } catch {
      // An index function that throws on one odd object must not break the cache.
      return;
    }
    for (const value of values) {
      let set = index.get(value);
      if (!set) index.set(value, (set = new Set()));
      set.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexers) {
      const index = this.indexes.get(name)!;
      let values: string[] = [];
      try {
        values = fn(obj);
      } catch {
        continue;
      }
      for (const value of values) {
        const set = index.get(value);
        set?.delete(key);
        if (set && set.size === 0) index.delete(value);
      }
    }
  }
}

/** The standard index: the uid of the object's controller owner. */
export const INDEX_CONTROLLER_UID = 'controllerUid';
export function controllerUidIndex(obj: KubeObject): string[] {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller);
  return ref ? [ref.uid] : [];
}

/** The standard index: the namespace. */
export const INDEX_NAMESPACE = 'namespace';
export function namespaceIndex(obj: KubeObject): string[] {
  return obj.metadata?.namespace ? [obj.metadata.namespace] : [];
}

/** An index on one label's value. */
export function labelIndex(label: string): IndexFunction<KubeObject> {
  return (obj) => {
    const value = obj.metadata?.labels?.[label];
    return value === undefined ? [] : [value];
  };
}
