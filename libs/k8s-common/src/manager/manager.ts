import { KubeConfig } from '@kubernetes/client-node';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Applier, desiredHashAnnotationFor } from '../apply/applier.ts';
import { InformerCache } from '../cache/informer-cache.ts';
import { KubeClient } from '../client/kube-client.ts';
import { Discovery } from '../client/discovery.ts';
import { Controller } from '../controller/controller.ts';
import type { ControllerSpec } from '../controller/controller.ts';
import type { ReconcileFunction } from '../controller/types.ts';
import { EventRecorder } from '../events/index.ts';
import { LeaderElector } from '../leader/index.ts';
import { createLogger, type Logger } from '../logging.ts';
import { OperatorMetrics } from '../metrics.ts';
import { startReconcileTracer, type ReconcileTracer } from '../tracing/reconcile-tracer.ts';
import { tracingSettings } from '../tracing/settings.ts';
import { parseBindAddress, type ManagerConfig } from './config.ts';
import { startHttpEndpoint } from './http.ts';

export interface ManagerOptions {
  /** The operator's name: field manager, event source, lease and log name (e.g. `streambus-operator`). */
  name: string;
  config: ManagerConfig;
  /** Prefix of the operator's own metric names, e.g. `streambus_operator`. */
  metricsPrefix?: string;
  logger?: Logger;
  /** Overrides how the cluster is reached (tests pass a kubeconfig with a ServiceAccount token). */
  kubeConfig?: KubeConfig;
  /** Annotation that forces a reconcile when it changes; default `operators.dev/force-reconcile`. */
  forceReconcileAnnotation?: string;
  /** Identity for leader election; default `<hostname>_<random>`. */
  identity?: string;
  /** Annotation in which the applier records each child's desired-state hash; default `desiredHashAnnotationFor(name)`. */
  desiredHashAnnotation?: string;
  /** Where the OTEL_* variables that turn reconcile tracing on are read; default `process.env`. */
  environment?: NodeJS.ProcessEnv;
}

export const DEFAULT_FORCE_RECONCILE_ANNOTATION = 'operators.dev/force-reconcile';

/**
 * One operator process: the client, the shared cache, the controllers, metrics and probes,
 * leader election and graceful shutdown, as controller-runtime's manager wires them.
 *
 * Caches start at once (so a standby replica is warm and /readyz means "synced"); controllers
 * start only on the leader. Losing the lease fences the client's writes and aborts the
 * controllers at once, without a drain, and ends `start()` with an error: the process exits
 * non-zero and Kubernetes restarts it as a fresh candidate. So do caches that do not sync within
 * `cacheSyncTimeoutMs` (a kind RBAC forbids, say): the error names each kind and why, and the
 * pod's restarts back off instead of it hanging unready.
 */
export class Manager {
  readonly name: string;
  readonly config: ManagerConfig;
  readonly client: KubeClient;
  readonly cache: InformerCache;
  readonly logger: Logger;
  readonly metrics: OperatorMetrics;
  readonly applier: Applier;
  readonly events: EventRecorder;
  readonly discovery: Discovery;
  readonly identity: string;
  private readonly controllers: Controller[] = [];
  private readonly forceReconcileAnnotation: string;
  /** Set when the OTEL_* environment turns tracing on. */
  private readonly tracer: ReconcileTracer | undefined;
  private readonly stopping = new AbortController();
  /**
   * With leader election, the client's write fence: aborts when this process may no longer write,
   * at once when leadership is lost, or once the Lease is released after a clean stop.
   */
  private readonly leadership = new AbortController();
  private controllersStarted = false;
  private finished: Promise<void> | undefined;
  /** Why the manager stopped on its own, other than a lost lease (caches that did not sync). */
  private failure: Error | undefined;
  private httpClosers: (() => Promise<void>)[] = [];
  /** The ports the metrics and probe endpoints listen on (after start). */
  readonly ports: { metrics?: number; health?: number } = {};

  private constructor(options: ManagerOptions, client: KubeClient, logger: Logger, metrics: OperatorMetrics, tracer: ReconcileTracer | undefined) {
    this.name = options.name;
    this.config = options.config;
    this.client = client;
    this.logger = logger;
    this.metrics = metrics;
    this.tracer = tracer;
    this.identity = options.identity ?? `${hostname()}_${randomBytes(4).toString('hex')}`;
    this.forceReconcileAnnotation = options.forceReconcileAnnotation ?? DEFAULT_FORCE_RECONCILE_ANNOTATION;
    if (options.config.leaderElect) client.fenceWrites(this.leadership.signal);
    this.cache = new InformerCache({ client, logger, namespaces: options.config.namespaces });
    this.applier = new Applier(client, options.name, {
      desiredHashAnnotation: options.desiredHashAnnotation ?? desiredHashAnnotationFor(options.name),
      logger,
    });
    this.discovery = new Discovery(client);
    this.events = new EventRecorder({ client, reportingController: options.name, reportingInstance: this.identity, logger });
  }

  static async create(options: ManagerOptions): Promise<Manager> {
    const logger = options.logger ?? createLogger({ level: options.config.logLevel, defaultMeta: { operator: options.name } });
    const kubeConfig = options.kubeConfig ?? loadKubeConfig(options.config.kubeconfig);
    const metrics = new OperatorMetrics(options.metricsPrefix ? { prefix: options.metricsPrefix } : {});
    const client = await KubeClient.create(kubeConfig, { userAgent: options.name, observers: [(r) => metrics.observeRequest(r)] });
    const tracing = tracingSettings(options.name, options.environment ?? process.env);
    const tracer = tracing ? await startReconcileTracer(tracing, logger) : undefined;
    return new Manager(options, client, logger, metrics, tracer);
  }

  /** Adds a controller; its informers are registered now and started with the manager. */
  add(definition: { spec: ControllerSpec; reconcile: ReconcileFunction }): Controller {
    const spec: ControllerSpec = {
      ...definition.spec,
      options: {
        maxConcurrentReconciles: this.config.maxConcurrentReconciles,
        resyncPeriodMs: this.config.resyncPeriodMs,
        forceReconcileAnnotation: this.forceReconcileAnnotation,
        ...definition.spec.options,
      },
    };
    const controller = new Controller(
      { spec, reconcile: definition.reconcile },
      { cache: this.cache, logger: this.logger, metrics: this.metrics, ...(this.tracer ? { tracer: this.tracer } : {}) },
    );
    this.controllers.push(controller);
    return controller;
  }

  /** Whether every cache has listed once (what /readyz reports). */
  ready(): boolean {
    return this.cache.hasSynced();
  }

  /**
   * Runs until `stop()` (or SIGTERM with `handleSignals()`); rejects when leadership is lost, or
   * with CacheSyncTimeoutError when the caches do not sync in time, so the caller exits non-zero.
   */
  async start(): Promise<void> {
    const metricsBind = parseBindAddress(this.config.metricsBindAddress);
    const healthBind = parseBindAddress(this.config.healthProbeBindAddress);
    if (metricsBind) {
      const endpoint = await startHttpEndpoint(metricsBind, { registry: this.metrics.registry });
      this.ports.metrics = endpoint.port;
      this.httpClosers.push(endpoint.close);
    }
    if (healthBind) {
      const endpoint = await startHttpEndpoint(healthBind, { healthz: () => true, readyz: () => this.ready() });
      this.ports.health = endpoint.port;
      this.httpClosers.push(endpoint.close);
    }
    this.logger.info('starting manager', {
      namespaces: this.config.namespaces.length ? this.config.namespaces : 'all',
      leaderElect: this.config.leaderElect,
      identity: this.identity,
      ports: this.ports,
    });
    this.cache.start();
    this.failIfCachesDoNotSync();
    this.finished = this.run().then(() => {
      if (this.failure) throw this.failure;
    });
    return this.finished;
  }

  /** On every replica, leader or not: a standby that cannot sync would be no standby. */
  private failIfCachesDoNotSync(): void {
    if (this.config.cacheSyncTimeoutMs <= 0) return;
    this.cache.waitForSync({ timeoutMs: this.config.cacheSyncTimeoutMs }).catch((err: unknown) => {
      if (this.stopping.signal.aborted) return;
      this.failure = err instanceof Error ? err : new Error(String(err));
      this.logger.error('caches did not sync: stopping', { error: this.failure.message });
      this.stopping.abort();
    });
  }

  private async run(): Promise<void> {
    if (!this.config.leaderElect) {
      await this.startControllers();
      await waitForAbort(this.stopping.signal);
      await this.shutdown();
      return;
    }

    let lost = false;
    const elector = new LeaderElector({
      client: this.client,
      namespace: this.config.leaderElectionNamespace,
      name: this.config.leaderElectionId,
      identity: this.identity,
      logger: this.logger,
      // On a clean stop the elector renews the Lease until this settles, and only then releases it:
      // in-flight reconciles drain and Events are flushed while this process still leads.
      onStartedLeading: async (stop, leadershipLost) => {
        whenAborted(leadershipLost, () => this.abandonLeadership(leadershipLost.reason));
        await this.startControllers();
        await waitForAbort(stop);
        if (leadershipLost.aborted) return;
        await this.stopControllers();
        await this.events.flush();
      },
      onStoppedLeading: (end) => {
        if (end === 'lost') {
          lost = true;
          this.logger.error('leader election lost: stopping');
        }
      },
      onLeadershipChange: (isLeader: boolean) => this.metrics.setLeader(this.config.leaderElectionId, isLeader),
    });
    this.metrics.setLeader(this.config.leaderElectionId, false);
    await elector.run(this.stopping.signal);
    // Released or lost: whatever still runs must not write any more.
    this.leadership.abort(new Error('this process does not lead any more'));
    await this.shutdown();
    if (lost) throw new Error('leader election lost');
  }

  /**
   * Lost leadership: another process may lead already. Writes are refused from now on and every
   * reconcile's signal aborts; nothing waits for in-flight work to drain.
   */
  private abandonLeadership(reason: unknown): void {
    this.leadership.abort(reason);
    for (const controller of this.controllers) controller.abort(reason);
  }

  /** Graceful stop: no new work, in-flight reconciles finish (within the deadline), lease released. */
  async stop(): Promise<void> {
    this.stopping.abort();
    if (this.finished) await this.finished.catch(() => undefined);
    else await this.shutdown();
  }

  /** SIGTERM/SIGINT → graceful stop, then exit 0 (non-zero if the deadline passed). */
  handleSignals(exit: (code: number) => void = (code) => process.exit(code)): void {
    const onSignal = (signal: string) => {
      this.logger.info('signal received: shutting down', { signal });
      const deadline = setTimeout(() => {
        this.logger.error('shutdown deadline passed: exiting');
        exit(1);
      }, this.config.shutdownTimeoutMs + 5_000);
      deadline.unref();
      this.stop().then(
        () => exit(0),
        () => exit(1),
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }

  private async startControllers(): Promise<void> {
    if (this.controllersStarted || this.stopping.signal.aborted) return;
    this.controllersStarted = true;
    this.logger.info('waiting for caches to sync');
    // Until the caches sync or the manager stops (a sync timeout stops it): either way, now.
    await Promise.race([this.cache.waitForSync(), waitForAbort(this.stopping.signal)]);
    if (this.stopping.signal.aborted) return;
    this.logger.info('caches synced; starting controllers', { controllers: this.controllers.map((c) => c.name) });
    await Promise.all(this.controllers.map((c) => c.start()));
  }

  private controllersStopped: Promise<void> | undefined;
  private stopControllers(): Promise<void> {
    this.controllersStopped ??= Promise.all(this.controllers.map((c) => c.stop(this.config.shutdownTimeoutMs))).then(() => undefined);
    return this.controllersStopped;
  }

  private shutdownPromise: Promise<void> | undefined;
  private shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await this.stopControllers();
      await this.events.close();
      await this.cache.stop();
      await Promise.all(this.httpClosers.map((close) => close()));
      await this.client.close();
      // Last: the spans of the reconciles that drained above are exported before the process exits.
      await this.tracer?.shutdown();
      this.logger.info('manager stopped');
    })();
    return this.shutdownPromise;
  }
}

export function loadKubeConfig(path?: string): KubeConfig {
  const kc = new KubeConfig();
  if (path) kc.loadFromFile(path);
  else kc.loadFromDefault();
  return kc;
}

function whenAborted(signal: AbortSignal, callback: () => void): void {
  if (signal.aborted) callback();
  else signal.addEventListener('abort', callback, { once: true });
}

function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => whenAborted(signal, resolve));
}

/**
 * The end of every operator's main(): graceful SIGTERM/SIGINT, then run until stopped. A manager
 * that fails (leadership lost, say) exits 1, so Kubernetes restarts the pod as a new candidate.
 */
export async function runManager(manager: Manager): Promise<void> {
  manager.handleSignals();
  try {
    await manager.start();
  } catch (err) {
    manager.logger.error('manager stopped with an error', { error: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
}

/**
 * An operator's whole main(): builds its manager (flags, kubeconfig) and runs it. A manager that
 * cannot be built (bad flags, an unreadable kubeconfig) is reported on one line, without a stack
 * trace, and the process exits 2, as a CLI's usage error does.
 */
export async function runOperatorMain(name: string, createManager: () => Promise<Manager>): Promise<void> {
  let manager: Manager;
  try {
    manager = await createManager();
  } catch (err) {
    process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  }
  await runManager(manager);
}
