import type { V1ConfigMap } from '@kubernetes/client-node';
import {
  controllerFor,
  controllerReference,
  createLogger,
  loadKubeConfig,
  Manager,
  parseManagerConfig,
  ResourceTypes,
  stableHash,
  type KubeClient,
  type ReconcileFunction,
} from '../src/index.ts';
import { RequestCounter } from '../src/testing/index.ts';
import { median, pool, sleep } from './stats.ts';

export const ROLE_LABEL = 'bench.operators.dev/role';
const SOURCE_SELECTOR = `${ROLE_LABEL}=source`;
const FIELD_MANAGER = 'k8s-common-bench';

export interface ReconcileFigures {
  objects: number;
  workers: number;
  resyncMs: number;
  /** Informer list of the sources, from `Manager.start()` to synced. */
  syncSeconds: number;
  /** From the caches being synced (workers start) to the last child seen by the watch. */
  convergeSeconds: number;
  convergedPerSecond: number;
  /** Reconciles that ran until convergence, and per second over convergeSeconds. */
  reconcilesToConverge: number;
  reconcilesPerSecond: number;
  /** Reconciles until the queue went quiet (the children's add events reconcile each source once more). */
  reconcilesUntilQuiet: number;
  writesUntilQuiet: number;
  /** Resync passes observed in the steady-state window and their median rate. */
  resyncPasses: number;
  resyncReconciles: number;
  resyncPerSecond: number;
  steadyWindowSeconds: number;
  steadyRequests: number;
  steadyWrites: number;
}

/**
 * `objects` source ConfigMaps (labelled role=source); a controller (real Manager, leader election
 * off, endpoints off, watching only the bench namespace) derives one child ConfigMap per source,
 * owned by it, through the Applier. Sources are created before the manager starts, so convergence
 * measures the reconcile path (cache read, hash, server-side apply, watch event) and not the
 * creation of the sources.
 */
export async function benchReconcile(
  setupClient: KubeClient,
  kubeconfig: string,
  namespace: string,
  options: { objects: number; workers: number; resyncMs: number; concurrency: number },
): Promise<ReconcileFigures> {
  const { objects, workers, resyncMs, concurrency } = options;
  await pool(objects, concurrency, async (i) => {
    await setupClient.apply<V1ConfigMap>(
      ResourceTypes.ConfigMap,
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `src-${i}`, namespace, labels: { [ROLE_LABEL]: 'source' } },
        data: { index: String(i), payload: `value-${i}`.repeat(8) },
      },
      { fieldManager: FIELD_MANAGER },
    );
  });

  const manager = await Manager.create({
    name: 'k8s-common-bench',
    config: parseManagerConfig(
      'k8s-common-bench',
      [
        '--leader-elect=false',
        '--metrics-bind-address=0',
        '--health-probe-bind-address=0',
        `--namespaces=${namespace}`,
        `--resync-period=${resyncMs}ms`,
        `--max-concurrent-reconciles=${workers}`,
      ],
      {},
    ),
    kubeConfig: loadKubeConfig(kubeconfig),
    logger: createLogger({ level: 'warn' }),
  });

  const sources = manager.cache.informerFor<V1ConfigMap>(ResourceTypes.ConfigMap, { labelSelector: SOURCE_SELECTOR });
  const reconcile: ReconcileFunction = async (request) => {
    const source = sources.get(request.name, request.namespace);
    if (!source?.metadata?.name) return;
    const name = `${source.metadata.name}-derived`;
    const desired: V1ConfigMap = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace: source.metadata.namespace, labels: { [ROLE_LABEL]: 'derived' }, ownerReferences: [controllerReference(source)] },
      data: { ...source.data, sourceHash: stableHash(source.data ?? {}) },
    };
    const live = manager.cache.get<V1ConfigMap>(ResourceTypes.ConfigMap, name, source.metadata.namespace);
    await manager.applier.apply(ResourceTypes.ConfigMap, desired, live);
  };

  // Timestamps of every reconcile, and how many are in flight.
  const runs: { start: number; end: number }[] = [];
  let inFlight = 0;
  const timed: ReconcileFunction = async (request, context) => {
    const start = performance.now();
    inFlight++;
    try {
      return await reconcile(request, context);
    } finally {
      inFlight--;
      runs.push({ start, end: performance.now() });
    }
  };

  const definition = controllerFor(ResourceTypes.ConfigMap).named('bench-derive').owns(ResourceTypes.ConfigMap).complete(timed);
  // The builder has no primary label selector; the WatchSpec does. With it the primary informer (and
  // so the resync) holds only the sources, while `owns` watches every ConfigMap of the namespace.
  definition.spec.primary.labelSelector = SOURCE_SELECTOR;
  const controller = manager.add(definition);

  let children = 0;
  let convergedAt = 0;
  let onConverged: () => void = () => undefined;
  const converged = new Promise<void>((resolve) => (onConverged = resolve));
  manager.cache.informerFor<V1ConfigMap>(ResourceTypes.ConfigMap).addHandler((event) => {
    if (event.type !== 'add' || event.object.metadata?.labels?.[ROLE_LABEL] !== 'derived') return;
    if (++children === objects) {
      convergedAt = performance.now();
      onConverged();
    }
  });

  const counter = new RequestCounter(manager.client);
  const started = performance.now();
  const running = manager.start();
  let steady: { passes: { count: number; rate: number }[]; window: number; requests: number; writes: number } | undefined;
  let syncedAt = 0;
  let reconcilesToConverge = 0;
  let reconcilesUntilQuiet = 0;
  let writesUntilQuiet = 0;
  try {
    await manager.cache.waitForSync();
    syncedAt = performance.now();
    await converged;
    reconcilesToConverge = runs.length;
    const quiet = async () => {
      for (;;) {
        const last = runs.at(-1)?.end ?? 0;
        if (controller.queue.len() === 0 && inFlight === 0 && performance.now() - last > 500) return;
        await sleep(50);
      }
    };
    await quiet();
    reconcilesUntilQuiet = runs.length;
    writesUntilQuiet = counter.writes().length;
    counter.stop();

    // Steady state: nothing changes; the resync timer re-enqueues every source each period.
    const steadyCounter = new RequestCounter(manager.client);
    const from = runs.length;
    const windowStart = performance.now();
    const deadline = windowStart + 4 * resyncMs + 30_000;
    while (runs.length - from < 3 * objects && performance.now() < deadline) await sleep(50);
    await quiet();
    const window = (performance.now() - windowStart) / 1000;
    steadyCounter.stop();
    steady = { passes: resyncPasses(runs.slice(from), resyncMs / 2), window, requests: steadyCounter.all().length, writes: steadyCounter.writes().length };
  } finally {
    await manager.stop();
    await running.catch(() => undefined);
  }

  const convergeSeconds = (convergedAt - syncedAt) / 1000;
  return {
    objects,
    workers,
    resyncMs,
    syncSeconds: (syncedAt - started) / 1000,
    convergeSeconds,
    convergedPerSecond: objects / convergeSeconds,
    reconcilesToConverge,
    reconcilesPerSecond: reconcilesToConverge / convergeSeconds,
    reconcilesUntilQuiet,
    writesUntilQuiet,
    resyncPasses: steady.passes.length,
    resyncReconciles: steady.passes.reduce((sum, p) => sum + p.count, 0),
    resyncPerSecond: median(steady.passes.map((p) => p.rate)),
    steadyWindowSeconds: steady.window,
    steadyRequests: steady.requests,
    steadyWrites: steady.writes,
  };
}

/** Splits reconciles into resync passes (bursts separated by a gap) and rates each from first start to last end. */
function resyncPasses(runs: readonly { start: number; end: number }[], gapMs: number): { count: number; rate: number }[] {
  const passes: { start: number; end: number; count: number }[] = [];
  for (const run of [...runs].sort((a, b) => a.start - b.start)) {
    const current = passes.at(-1);
    if (current && run.start - current.end < gapMs) {
      current.end = Math.max(current.end, run.end);
      current.count++;
    } else {
      passes.push({ ...run, count: 1 });
    }
  }
  return passes.map((p) => ({ count: p.count, rate: p.count / ((p.end - p.start) / 1000) }));
}
