import type { KubeClient, KubeObject } from '../client/kube-client.ts';
import type { ResourceType } from '../client/resource-type.ts';
import type { Logger } from '../logging.ts';
import { Informer, type InformerHandler, type ListWatchFailure } from './informer.ts';
import { CacheSyncTimeoutError, NotCachedError, type UnsyncedInformer } from './cache-errors.ts';
import { controllerUidIndex, INDEX_CONTROLLER_UID, type IndexFunction } from './store.ts';

/** What a controller reads: one informer, or one per watched namespace behind the same face. */
export interface SharedInformer<T extends KubeObject> {
  readonly type: ResourceType;
  readonly labelSelector: string | undefined;
  addHandler(handler: InformerHandler<T>): void;
  addIndexer(name: string, fn: IndexFunction<T>): void;
  get(name: string, namespace?: string): T | undefined;
  list(namespace?: string): T[];
  byIndex(indexName: string, value: string): T[];
  hasSynced(): boolean;
  waitForSync(): Promise<void>;
  /** The parts (one per namespace) that have not listed yet, with why, if they failed. */
  unsynced(): { namespace: string | undefined; lastFailure: ListWatchFailure | undefined }[];
  start(): void;
  stop(): Promise<void>;
}

class NamespacedInformers<T extends KubeObject> implements SharedInformer<T> {
  readonly type: ResourceType;
  readonly labelSelector: string | undefined;
  private readonly byNamespace: Map<string, Informer<T>>;

  constructor(type: ResourceType, labelSelector: string | undefined, informers: Informer<T>[]) {
    this.type = type;
    this.labelSelector = labelSelector;
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
  unsynced(): { namespace: string | undefined; lastFailure: ListWatchFailure | undefined }[] {
    return [...this.byNamespace.values()].filter((i) => !i.hasSynced()).map((i) => ({ namespace: i.namespace, lastFailure: i.lastFailure }));
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
 *
 * Informers are registered explicitly (a controller's `for`/`owns`/`watches`, or `informerFor`);
 * `get`/`list`/`ownedBy` of a kind that was not registered throw NotCachedError rather than
 * start an informer on the spot, which would answer "not found" until it synced.
 */
export class InformerCache {
  private readonly options: InformerCacheOptions;
  private readonly informers = new Map<string, SharedInformer<KubeObject>>();
  private started = false;

  constructor(options: InformerCacheOptions) {
    this.options = options;
  }

  /** Registers (or returns) the informer of a kind and selector; started at once if the cache runs. */
  informerFor<T extends KubeObject>(type: ResourceType, selector: { labelSelector?: string } = {}): SharedInformer<T> {
    const key = informerKey(type, selector.labelSelector);
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
      informer = new NamespacedInformers(type, selector.labelSelector || undefined, parts);
      this.informers.set(key, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as SharedInformer<T>;
  }

  /** Reads one object from the unfiltered informer of its kind; throws NotCachedError if none was registered. */
  get<T extends KubeObject>(type: ResourceType, name: string, namespace?: string): T | undefined {
    return this.registered<T>(type).get(name, namespace);
  }

  list<T extends KubeObject>(type: ResourceType, namespace?: string): T[] {
    return this.registered<T>(type).list(namespace);
  }

  /** Objects of `type` whose controller owner has this uid. */
  ownedBy<T extends KubeObject>(type: ResourceType, ownerUid: string): T[] {
    return this.registered<T>(type).byIndex(INDEX_CONTROLLER_UID, ownerUid);
  }

  private registered<T extends KubeObject>(type: ResourceType): SharedInformer<T> {
    const informer = this.informers.get(informerKey(type, undefined));
    if (informer) return informer as unknown as SharedInformer<T>;
    const prefix = informerKey(type, '');
    const selectors = [...this.informers.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    throw new NotCachedError(type, selectors);
  }

  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  /**
   * Resolves once every informer has listed (or the cache is stopped). With `timeoutMs`, rejects
   * after that long with a CacheSyncTimeoutError naming each kind not synced and its last
   * failure (a 403 names the verb and resource RBAC denied).
   */
  async waitForSync(options: { timeoutMs?: number } = {}): Promise<void> {
    const synced = Promise.all([...this.informers.values()].map((i) => i.waitForSync())).then(() => undefined);
    if (!options.timeoutMs) return synced;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new CacheSyncTimeoutError(options.timeoutMs!, this.unsynced())), options.timeoutMs);
    });
    try {
      await Promise.race([synced, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Every informer part that has not listed yet. */
  unsynced(): UnsyncedInformer[] {
    return [...this.informers.values()].flatMap((informer) =>
      informer.unsynced().map((part) => ({ type: informer.type, labelSelector: informer.labelSelector, ...part })),
    );
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}

function informerKey(type: ResourceType, labelSelector: string | undefined): string {
  return `${type.apiVersion}/${type.kind}?${labelSelector ?? ''}`;
}
