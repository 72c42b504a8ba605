import { isGone, type ApiError } from '../client/errors.ts';
import type { KubeClient, KubeObject } from '../client/kube-client.ts';
import { groupKind, type ResourceType } from '../client/resource-type.ts';
import type { Logger } from '../logging.ts';
import { silentLogger } from '../logging.ts';
import { Backoff, delay } from './backoff.ts';
import { IndexedStore, objectKey, type IndexFunction } from './store.ts';

export type InformerEvent<T> =
  /** `isInInitialList`: the object was in the cache's first list (or was there when the handler was added), not created since. */
  | { type: 'add'; object: T; isInInitialList?: boolean }
  | { type: 'update'; object: T; old: T }
  | { type: 'delete'; object: T };

export type InformerHandler<T> = (event: InformerEvent<T>) => void;

export interface InformerOptions<T extends KubeObject> {
  client: KubeClient;
  type: ResourceType;
  /** Watch one namespace; all namespaces when absent. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /**
   * Applied to every object before it is cached. The default drops managedFields, which are
   * often half of an object's size and which no reconciler reads.
   */
  transform?: (obj: T) => T;
  indexers?: Record<string, IndexFunction<T>>;
  logger?: Logger;
  /** Server-side watch timeout; each watch draws a value in [min, 2*min). Default 300 s. */
  minWatchTimeoutSeconds?: number;
  pageSize?: number;
  backoff?: Backoff;
}

/** The last list or watch failure of an informer, kept so "not synced" can say why. */
export interface ListWatchFailure {
  message: string;
  /** HTTP status; 0 when the server could not be reached or the stream broke. */
  statusCode: number;
  at: Date;
}

/**
 * A watch that ended normally within a second and delivered nothing: client-go's "very short
 * watch". A proxy or load balancer that closes long polls at once looks like this; counting it
 * as a success would reset the backoff and reconnect in a hot loop.
 */
export function isVeryShortWatch(durationMs: number, events: number): boolean {
  return durationMs < 1_000 && events === 0;
}

export function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (!obj.metadata?.managedFields) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/**
 * A reflector and its cache: lists, then watches from the list's resourceVersion, and keeps an
 * indexed store in step, calling handlers for every change.
 *
 * Why not @kubernetes/client-node's ListWatch/makeInformer: it stops for good on any error other
 * than 410, asks for no bookmarks and has no jittered server-side timeout. This loop retries
 * forever with backoff, relists on 410 Gone and reports the difference as events, so nothing is
 * lost or invented across a relist.
 */
export class Informer<T extends KubeObject> {
  readonly type: ResourceType;
  readonly namespace: string | undefined;
  private readonly options: InformerOptions<T>;
  private readonly store = new IndexedStore<T>();
  private readonly handlers: InformerHandler<T>[] = [];
  private readonly logger: Logger;
  private readonly backoff: Backoff;
  private readonly transform: (obj: T) => T;
  private resourceVersion: string | undefined;
  private failure: ListWatchFailure | undefined;
  private synced = false;
  private syncWaiters: (() => void)[] = [];
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;
  /** Counts, for tests and debugging: how often the informer listed and watched. */
  readonly stats = { lists: 0, watches: 0, relistsAfterGone: 0, errors: 0, veryShortWatches: 0, handlerErrors: 0 };

  constructor(options: InformerOptions<T>) {
    this.options = options;
    this.type = options.type;
    this.namespace = options.namespace;
    this.logger = (options.logger ?? silentLogger()).child({ informer: groupKind(options.type), ...(options.namespace ? { watchNamespace: options.namespace } : {}) });
    this.backoff = options.backoff ?? new Backoff();
    this.transform = options.transform ?? stripManagedFields;
    for (const [name, fn] of Object.entries(options.indexers ?? {})) this.store.addIndexer(name, fn);
  }

  addHandler(handler: InformerHandler<T>): void {
    this.handlers.push(handler);
    // A handler added after sync still learns of every object, as with client-go.
    if (this.synced) for (const obj of this.store.values()) this.dispatch(handler, { type: 'add', object: obj, isInInitialList: true });
  }

  addIndexer(name: string, fn: IndexFunction<T>): void {
    this.store.addIndexer(name, fn);
  }

  start(): void {
    if (this.loop) return;
    this.abort = new AbortController();
    this.loop = this.run(this.abort.signal);
  }

  async stop(): Promise<void> {
    this.abort?.abort();
    await this.loop;
    this.loop = undefined;
    for (const waiter of this.syncWaiters.splice(0)) waiter();
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves once the first list is in the cache (or the informer is stopped). */
  waitForSync(): Promise<void> {
    if (this.synced) return Promise.resolve();
    return new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  get(name: string, namespace?: string): T | undefined {
    return this.store.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): T | undefined {
    return this.store.get(key);
  }

  list(namespace?: string): T[] {
    const all = this.store.values();
    return namespace === undefined ? all : all.filter((o) => o.metadata?.namespace === namespace);
  }

  byIndex(indexName: string, value: string): T[] {
    return this.store.byIndex(indexName, value);
  }

  get size(): number {
    return this.store.size;
  }

  get lastSyncResourceVersion(): string | undefined {
    return this.resourceVersion;
  }

  /** The last list or watch failure (410 Gone excepted: it is part of normal operation). */
  get lastFailure(): ListWatchFailure | undefined {
    return this.failure;
  }

  get labelSelector(): string | undefined {
    return this.options.labelSelector;
  }

  private async run(signal: AbortSignal): Promise<void> {
    // Started again after stop(): resume the watch from where it was (a 410 then relists).
    let needList = this.resourceVersion === undefined;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.listAndReplace(signal);
          needList = false;
        }
        const started = performance.now();
        const events = await this.watchOnce(signal);
        const durationMs = performance.now() - started;
        if (!signal.aborted && isVeryShortWatch(durationMs, events)) {
          this.stats.veryShortWatches++;
          throw new Error(`very short watch: the server ended it after ${Math.round(durationMs)} ms with no event (a proxy closing long polls?)`);
        }
        this.backoff.reset();
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) {
          // The resourceVersion is too old (compaction, or a long outage): start again from a
          // list; listAndReplace reports what changed meanwhile as add/update/delete.
          this.stats.relistsAfterGone++;
          this.logger.info('watch expired (410 Gone): relisting', { resourceVersion: this.resourceVersion });
          needList = true;
          continue;
        }
        this.stats.errors++;
        const wait = this.backoff.next();
        const apiError = err as Partial<ApiError>;
        this.failure = { message: err instanceof Error ? err.message : String(err), statusCode: apiError.statusCode ?? 0, at: new Date() };
        this.logger.warn('list/watch failed; retrying', {
          error: this.failure.message,
          code: apiError.statusCode,
          retryInMs: wait,
        });
        await delay(Math.max(wait, (apiError.retryAfterSeconds ?? 0) * 1000), signal);
        // A failed list leaves needList set; a failed watch resumes from the last resourceVersion.
      }
    }
  }

  private async listAndReplace(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    const listed = new Map<string, T>();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      if (signal.aborted) return;
      const page = await this.options.client.list<T>(this.type, {
        ...(this.namespace ? { namespace: this.namespace } : {}),
        ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}),
        ...(this.options.fieldSelector ? { fieldSelector: this.options.fieldSelector } : {}),
        limit: this.options.pageSize ?? 500,
        ...(continueToken ? { continue: continueToken } : {}),
      });
      for (const item of page.items) {
        // List items carry no apiVersion/kind; handlers and owner mapping want them.
        const obj = this.transform({ apiVersion: this.type.apiVersion, kind: this.type.kind, ...item });
        listed.set(objectKey(obj), obj);
      }
      continueToken = page.metadata.continue || undefined;
      resourceVersion = page.metadata.resourceVersion;
    } while (continueToken);

    for (const key of this.store.keys()) {
      if (!listed.has(key)) {
        const old = this.store.remove(key);
        if (old) this.emit({ type: 'delete', object: old });
      }
    }
    for (const obj of listed.values()) {
      const old = this.store.upsert(obj);
      if (!old) this.emit({ type: 'add', object: obj, ...(this.synced ? {} : { isInInitialList: true }) });
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.emit({ type: 'update', object: obj, old });
    }
    this.resourceVersion = resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const waiter of this.syncWaiters.splice(0)) waiter();
    }
  }

  /** One watch, to its end; returns how many events (bookmarks included) it delivered. */
  private async watchOnce(signal: AbortSignal): Promise<number> {
    this.stats.watches++;
    let events = 0;
    const min = this.options.minWatchTimeoutSeconds ?? 300;
    const timeoutSeconds = Math.floor(min * (1 + Math.random()));
    const stream = this.options.client.watch<T>(this.type, {
      ...(this.namespace ? { namespace: this.namespace } : {}),
      ...(this.options.labelSelector ? { labelSelector: this.options.labelSelector } : {}),
      ...(this.options.fieldSelector ? { fieldSelector: this.options.fieldSelector } : {}),
      ...(this.resourceVersion ? { resourceVersion: this.resourceVersion } : {}),
      allowWatchBookmarks: true,
      timeoutSeconds,
      signal,
    });
    for await (const event of stream) {
      events++;
      const rv = event.object.metadata?.resourceVersion;
      if (event.type === 'BOOKMARK') {
        if (rv) this.resourceVersion = rv;
        continue;
      }
      const obj = this.transform(event.object);
      const key = objectKey(obj);
      if (event.type === 'DELETED') {
        const old = this.store.remove(key);
        if (old) this.emit({ type: 'delete', object: obj });
      } else {
        const old = this.store.upsert(obj);
        this.emit(old ? { type: 'update', object: obj, old } : { type: 'add', object: obj });
      }
      if (rv) this.resourceVersion = rv;
    }
    return events;
  }

  private emit(event: InformerEvent<T>): void {
    for (const handler of this.handlers) this.dispatch(handler, event);
  }

  private dispatch(handler: InformerHandler<T>, event: InformerEvent<T>): void {
    try {
      handler(event);
    } catch (err) {
      // The cache is already updated; a handler's failure is its own and must not stop the watch.
      this.stats.handlerErrors++;
      this.logger.error('event handler threw', { error: err instanceof Error ? err.message : String(err), event: event.type, key: objectKey(event.object) });
    }
  }
}
