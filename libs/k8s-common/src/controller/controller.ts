import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../client/kube-client.ts';
import { isConflict, WriteFencedError } from '../client/errors.ts';
import { groupOf } from '../meta/owner.ts';
import type { ResourceType } from '../client/resource-type.ts';
import type { InformerEvent } from '../cache/informer.ts';
import type { InformerCache, SharedInformer } from '../cache/informer-cache.ts';
import { splitKey } from '../cache/store.ts';
import type { Logger } from '../logging.ts';
import type { OperatorMetrics } from '../metrics.ts';
import type { ReconcileTracer } from '../tracing/reconcile-tracer.ts';
import { LOW_PRIORITY, NORMAL_PRIORITY, WorkQueue } from '../queue/work-queue.ts';
import { defaultControllerRateLimiter, type RateLimiter } from '../queue/rate-limiter.ts';
import type { Predicate } from './predicates.ts';
import { requestKey, TerminalError, type ReconcileFunction, type Request } from './types.ts';

/** Maps an event's object to the requests it should trigger (controller-runtime's MapFunc). */
export type MapFunction<T extends KubeObject = KubeObject> = (object: T) => Request[];

export interface WatchSpec {
  type: ResourceType;
  predicates: Predicate[];
  labelSelector?: string;
  /** For `watches`: the mapping; for `owns`: undefined (mapped to the controller owner). */
  map?: MapFunction;
}

export interface ControllerOptions {
  maxConcurrentReconciles?: number;
  /** Every primary object is reconciled again at least this often, changes or not. */
  resyncPeriodMs?: number;
  rateLimiter?: RateLimiter<string>;
  /**
   * An annotation whose change always triggers a reconcile, whatever the predicates say, so
   * `kubectl annotate --overwrite <cr> <annotation>=$(date +%s)` forces a pass.
   */
  forceReconcileAnnotation?: string;
}

export interface ControllerSpec {
  name: string;
  primary: WatchSpec;
  owned: WatchSpec[];
  watched: WatchSpec[];
  options: ControllerOptions;
}

/**
 * Declares a controller: `controllerFor(StreamBusClusters).owns(StatefulSets).complete(fn)`.
 * The manager builds it when added.
 */
export class ControllerBuilder {
  private readonly spec: ControllerSpec;

  constructor(type: ResourceType, predicates: Predicate[] = []) {
    this.spec = { name: type.kind.toLowerCase(), primary: { type, predicates }, owned: [], watched: [], options: {} };
  }

  named(name: string): this {
    this.spec.name = name;
    return this;
  }

  /** Events of objects of `type` whose controller owner is a primary object reconcile that owner. */
  owns(type: ResourceType, predicates: Predicate[] = []): this {
    this.spec.owned.push({ type, predicates });
    return this;
  }

  /** Events of objects of `type` reconcile whatever `map` returns. */
  watches<T extends KubeObject>(type: ResourceType, map: MapFunction<T>, predicates: Predicate[] = [], options: { labelSelector?: string } = {}): this {
    this.spec.watched.push({ type, predicates, map: map as MapFunction, ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}) });
    return this;
  }

  withEventFilter(...predicates: Predicate[]): this {
    this.spec.primary.predicates.push(...predicates);
    return this;
  }

  withOptions(options: ControllerOptions): this {
    Object.assign(this.spec.options, options);
    return this;
  }

  complete(reconcile: ReconcileFunction): { spec: ControllerSpec; reconcile: ReconcileFunction } {
    return { spec: this.spec, reconcile };
  }
}

export function controllerFor(type: ResourceType, ...predicates: Predicate[]): ControllerBuilder {
  return new ControllerBuilder(type, predicates);
}

export interface ControllerDeps {
  cache: InformerCache;
  logger: Logger;
  metrics?: OperatorMetrics;
  /** Set when tracing is on: one span per reconcile. */
  tracer?: ReconcileTracer;
}

/**
 * Runs one reconciler: informer events become keys in a deduplicating, rate-limited queue, and
 * workers reconcile them. A key is never reconciled by two workers at once; a key that changes
 * while it is being reconciled is reconciled again afterwards.
 */
export class Controller {
  readonly name: string;
  readonly queue: WorkQueue<string>;
  private readonly spec: ControllerSpec;
  private readonly reconcile: ReconcileFunction;
  private readonly deps: ControllerDeps;
  private readonly logger: Logger;
  private readonly primaryInformer: SharedInformer<KubeObject>;
  private readonly maxWorkers: number;
  private activeWorkers = 0;
  private workers: Promise<void>[] = [];
  private resyncTimer: NodeJS.Timeout | undefined;
  /** Every reconcile's `signal`. */
  private readonly reconciles = new AbortController();
  /** Set by `abort()`: in-flight reconciles are not waited for. */
  private abandoned = false;

  constructor(definition: { spec: ControllerSpec; reconcile: ReconcileFunction }, deps: ControllerDeps) {
    this.spec = definition.spec;
    this.name = definition.spec.name;
    this.reconcile = definition.reconcile;
    this.deps = deps;
    this.logger = deps.logger.child({ controller: this.name });
    this.maxWorkers = Math.max(1, definition.spec.options.maxConcurrentReconciles ?? 1);
    this.queue = new WorkQueue<string>({
      rateLimiter: definition.spec.options.rateLimiter ?? defaultControllerRateLimiter<string>(),
      ...(deps.metrics ? { metrics: deps.metrics.workQueueMetrics(this.name) } : {}),
    });
    const primary = this.spec.primary;
    this.primaryInformer = deps.cache.informerFor(primary.type, primary.labelSelector ? { labelSelector: primary.labelSelector } : {});
    this.primaryInformer.addHandler((event) => {
      if (this.forced(event)) this.enqueue(requestOf(event.object));
      else if (primary.predicates.every((p) => p(event))) this.enqueue(requestOf(event.object), priorityOf(event));
    });
    for (const owned of this.spec.owned) {
      deps.cache.informerFor(owned.type).addHandler((event) => {
        if (!owned.predicates.every((p) => p(event))) return;
        for (const object of event.type === 'update' ? [event.old, event.object] : [event.object]) {
          const request = this.ownerRequest(object);
          if (request) this.enqueue(request, priorityOf(event));
        }
      });
    }
    for (const watched of this.spec.watched) {
      deps.cache.informerFor(watched.type, watched.labelSelector ? { labelSelector: watched.labelSelector } : {}).addHandler((event) => {
        if (!watched.predicates.every((p) => p(event))) return;
        for (const request of watched.map!(event.object)) this.enqueue(request, priorityOf(event));
      });
    }
    deps.metrics?.setWorkers(this.name, 0, this.maxWorkers);
  }

  /** `priority`: LOW_PRIORITY for work that only re-confirms (resyncs, the initial list); see WorkQueue. */
  enqueue(request: Request, priority = NORMAL_PRIORITY): void {
    this.queue.add(requestKey(request), priority);
  }

  /** Starts the workers once the caches have synced. Returns at once. */
  async start(): Promise<void> {
    await this.deps.cache.waitForSync();
    if (this.reconciles.signal.aborted) return;
    this.logger.info('starting workers', { workers: this.maxWorkers });
    for (let i = 0; i < this.maxWorkers; i++) this.workers.push(this.work());
    const resync = this.spec.options.resyncPeriodMs;
    if (resync && resync > 0) {
      this.resyncTimer = setInterval(() => {
        // Low priority: a resync re-checks everything, and a real change queued meanwhile goes first.
        for (const obj of this.primaryInformer.list()) this.enqueue(requestOf(obj), LOW_PRIORITY);
      }, resync);
      this.resyncTimer.unref();
    }
  }

  /**
   * Stops taking work, lets in-flight reconciles finish within `deadlineMs` (their signal aborts
   * only then), then returns once they have. After `abort()` it returns at once.
   */
  async stop(deadlineMs = 30_000): Promise<void> {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    if (!this.abandoned) {
      await this.queue.shutDownWithDrain({ timeoutMs: deadlineMs }).catch((err: unknown) => {
        this.logger.warn('in-flight reconciles did not finish before the deadline', { error: err instanceof Error ? err.message : String(err) });
      });
    }
    if (this.abandoned) return;
    this.reconciles.abort(new Error(`controller ${this.name} stopped`));
    this.queue.shutDown();
    await Promise.all(this.workers);
  }

  /**
   * Stops at once, without draining: in-flight reconciles' signal aborts now, queued keys are
   * dropped, and nothing waits for the reconciles to return. For lost leadership, where a drain
   * would let a deposed leader go on writing while a successor starts (controller-runtime sets its
   * graceful shutdown timeout to 0 then).
   */
  abort(reason: unknown = new Error(`controller ${this.name} aborted`)): void {
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    this.abandoned = true;
    this.reconciles.abort(reason);
    this.queue.shutDown();
  }

  private forced(event: InformerEvent<KubeObject>): boolean {
    const annotation = this.spec.options.forceReconcileAnnotation;
    if (!annotation || event.type !== 'update') return false;
    return event.old.metadata?.annotations?.[annotation] !== event.object.metadata?.annotations?.[annotation];
  }

  private ownerRequest(object: KubeObject): Request | undefined {
    const ref = object.metadata?.ownerReferences?.find((r) => r.controller);
    const primary = this.spec.primary.type;
    if (!ref || ref.kind !== primary.kind || groupOf(ref.apiVersion) !== groupOf(primary.apiVersion)) return undefined;
    const namespace = object.metadata?.namespace;
    return namespace && primary.namespaced ? { namespace, name: ref.name } : { name: ref.name };
  }

  private async work(): Promise<void> {
    for (;;) {
      const item = await this.queue.get();
      if (item.shutdown) return;
      // A shut-down queue still hands out what it holds: after abort() none of it may run.
      if (this.abandoned) {
        this.queue.done(item.key);
        return;
      }
      await this.process(item.key);
    }
  }

  private async process(key: string): Promise<void> {
    const request = splitKey(key);
    const reconcileID = randomUUID();
    const logger = this.logger.child({ ...(request.namespace ? { namespace: request.namespace } : {}), name: request.name, reconcileID });
    const started = performance.now();
    this.activeWorkers++;
    this.deps.metrics?.setWorkers(this.name, this.activeWorkers, this.maxWorkers);
    let result: 'success' | 'error' | 'requeue' | 'requeue_after' = 'success';
    let failure: unknown;
    const primary = this.spec.primary.type;
    const span = this.deps.tracer?.startReconcile({ controller: this.name, apiVersion: primary.apiVersion, kind: primary.kind, ...request, reconcileID });
    try {
      const run = () => this.reconcile(request, { logger, reconcileID, signal: this.reconciles.signal });
      const outcome = await (span ? span.run(run) : run());
      if (outcome?.requeueAfterMs !== undefined && outcome.requeueAfterMs > 0) {
        this.queue.forget(key);
        this.queue.addAfter(key, outcome.requeueAfterMs);
        result = 'requeue_after';
      } else if (outcome?.requeue) {
        this.queue.addRateLimited(key);
        result = 'requeue';
      } else {
        this.queue.forget(key);
      }
    } catch (err) {
      result = 'error';
      failure = err;
      const message = err instanceof Error ? err.message : String(err);
      if (this.abandoned || this.reconciles.signal.aborted || err instanceof WriteFencedError) {
        // Cut off by abort(), by stop() past its deadline, or by the client's write fence (lost
        // leadership): retrying cannot help, and it is no failure of the object's.
        logger.info('reconcile cut off; not retrying', { error: message });
      } else if (err instanceof TerminalError) {
        this.queue.forget(key);
        logger.error('reconcile failed terminally; not retrying until the object changes', { error: message });
      } else {
        this.queue.addRateLimited(key);
        // A conflict is the optimistic-concurrency retry working as designed, not an incident.
        const level = isConflict(err) ? 'info' : 'error';
        logger.log(level, 'reconcile failed; retrying with backoff', { error: message, retries: this.queue.numRequeues(key) });
      }
    } finally {
      span?.end(result, failure);
      this.queue.done(key);
      this.activeWorkers--;
      this.deps.metrics?.setWorkers(this.name, this.activeWorkers, this.maxWorkers);
      this.deps.metrics?.observeReconcile(this.name, result, (performance.now() - started) / 1000);
    }
  }
}

/**
 * controller-runtime's `WithLowPriorityWhenUnchanged`: an object of the cache's initial list only
 * re-confirms what an earlier run reconciled (after a restart, all N of them at once), so a change
 * made meanwhile is not queued behind them.
 */
function priorityOf(event: InformerEvent<KubeObject>): number {
  return event.type === 'add' && event.isInInitialList ? LOW_PRIORITY : NORMAL_PRIORITY;
}

function requestOf(object: KubeObject): Request {
  const namespace = object.metadata?.namespace;
  return namespace ? { namespace, name: object.metadata?.name ?? '' } : { name: object.metadata?.name ?? '' };
}
