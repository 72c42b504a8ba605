import type { KubeClient, KubeObject } from '../client/kube-client.ts';
import type { ResourceType } from '../client/resource-type.ts';
import type { Logger } from '../logging.ts';
import { Informer, type InformerHandler } from './informer.ts';
import { controllerUidIndex, INDEX_CONTROLLER_UID, type IndexFunction } from './store.ts';

/** What a controller reads: one informer, or one per watched namespace behind the same face. */
export interface SharedInformer<T extends KubeObject> {
  readonly type: ResourceType;
  addHandler(handler: InformerHandler<T>): void;
  addIndexer(name: string, fn: IndexFunction<T>): void;
  get(name: string, namespace?: string): T | undefined;
  list(namespace?: string): T[];
  byIndex(indexName: string, value: string): T[];
  hasSynced(): boolean;
  waitForSync(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

class NamespacedInformers<T extends KubeObject> implements SharedInformer<T> {
  readonly type: ResourceType;
  private readonly byNamespace: Map<string, Informer<T>>;

  constructor(type: ResourceType, informers: Informer<T>[]) {
    this.type = type;
    this.byNamespace = new Map(informers.map((i) => [i.namespace ?? '', i]));
  }
  addHandler(handler: InformerHandler<T>): void {
    for (const i of this.byNamespace.values()) i.addHandler(handler);
  }
  addIndexer(name: string, fn: IndexFunction<T>): void {
    for (const i of this.byNamespace.values()) i.addIndexer(name, fn);
  }
  /** The informer holding objects of `namespace`: the all-namespaces one, if that is what runs. */
  private informerOf(namespace: string | undefined): Informer<T> | undefined {
    return this.byNamespace.get('') ?? (namespace === undefined ? undefined : this.byNamespace.get(namespace));
  }
  get(name: string, namespace?: string): T | undefined {
    return this.informerOf(namespace)?.get(name, namespace);
  }
  list(namespace?: string): T[] {
    if (namespace !== undefined) return this.informerOf(namespace)?.list(namespace) ?? [];
    return [...this.byNamespace.values()].flatMap((i) => i.list());
  }
  byIndex(indexName: string, value: string): T[] {
    return [...this.byNamespace.values()].flatMap((i) => i.byIndex(indexName, value));
  }
  hasSynced(): boolean {
    return [...this.byNamespace.values()].every((i) => i.hasSynced());
  }
  async waitForSync(): Promise<void> {
    await Promise.all([...this.byNamespace.values()].map((i) => i.waitForSync()));
  }
  start(): void {
    for (const i of this.byNamespace.values()) i.start();
  }
  async stop(): Promise<void> {
    await Promise.all([...this.byNamespace.values()].map((i) => i.stop()));
  }
}

export interface InformerCacheOptions {
  client: KubeClient;
  logger: Logger;
  /** Namespaces to watch; every namespace when empty or absent. Cluster-scoped kinds ignore it. */
  namespaces?: string[];
  minWatchTimeoutSeconds?: number;
}

/**
 * One informer per kind (and label selector), shared by every controller of a manager, like
 * controller-runtime's cache: two controllers that read StatefulSets share one watch.
 */
export class InformerCache {
  private readonly options: InformerCacheOptions;
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private started = false;

  constructor(options: InformerCacheOptions) {
    this.options = options;
  }

  informerFor<T extends KubeObject>(type: ResourceType, selector: { labelSelector?: string } = {}): SharedInformer<T> {
    const key = `${type.apiVersion}/${type.kind}?${selector.labelSelector ?? ''}`;
    let informer = this.informers.get(key);
    if (!informer) {
      const namespaces = type.namespaced && this.options.namespaces?.length ? this.options.namespaces : [undefined];
      const parts = namespaces.map(
        (namespace) =>
          new Informer<KubeObject>({
            client: this.options.client,
            type,
            ...(namespace ? { namespace } : {}),
            ...(selector.labelSelector ? { labelSelector: selector.labelSelector } : {}),
            logger: this.options.logger,
            indexers: { [INDEX_CONTROLLER_UID]: controllerUidIndex },
            ...(this.options.minWatchTimeoutSeconds ? { minWatchTimeoutSeconds: this.options.minWatchTimeoutSeconds } : {}),
          }),
      );
      informer = new NamespacedInformers(type, parts);
      this.informers.set(key, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as SharedInformer<T>;
  }

  /** Reads one object from the cache of its kind (the informer must exist). */
  get<T extends KubeObject>(type: ResourceType, name: string, namespace?: string): T | undefined {
    return this.informerFor<T>(type).get(name, namespace);
  }

  list<T extends KubeObject>(type: ResourceType, namespace?: string): T[] {
    return this.informerFor<T>(type).list(namespace);
  }

  /** Objects of `type` whose controller owner has this uid. */
  ownedBy<T extends KubeObject>(type: ResourceType, ownerUid: string): T[] {
    return this.informerFor<T>(type).byIndex(INDEX_CONTROLLER_UID, ownerUid);
  }

  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
