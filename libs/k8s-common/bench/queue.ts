import {
  Controller,
  controllerFor,
  InformerCache,
  KubeClient,
  loadKubeConfig,
  OperatorMetrics,
  ResourceTypes,
  silentLogger,
  WorkQueue,
  type WorkQueueMetrics,
} from '../src/index.ts';
import { median, percentile } from './stats.ts';

export interface QueueFigures {
  keys: number;
  workers: number;
  rounds: number;
  /** Keys per second from the first add to the last `done` (median over the rounds). */
  perSecond: number;
  /** Add → hand-out, seconds, over every key of every measured round. */
  latencyP50: number;
  latencyP99: number;
}

const ROUNDS = 10;

/** Collects the queue's add → hand-out durations (the `observeQueueDuration` hook). */
function recordingMetrics(samples: number[]): WorkQueueMetrics {
  return {
    setDepth() {},
    incAdds() {},
    observeQueueDuration: (seconds) => samples.push(seconds),
    observeWorkDuration() {},
    incRetries() {},
    setUnfinishedWorkSeconds() {},
    setLongestRunningProcessorSeconds() {},
  };
}

/**
 * A bare WorkQueue: `keys` distinct keys added in one burst, `workers` loops doing get → done.
 * One warm-up round, then ROUNDS measured rounds.
 */
export async function benchWorkQueue(keys: number, workers: number): Promise<QueueFigures> {
  const rates: number[] = [];
  const latencies: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const samples: number[] = [];
    const queue = new WorkQueue<string>({ metrics: recordingMetrics(samples) });
    let processed = 0;
    let finished = 0;
    const loops = Array.from({ length: workers }, async () => {
      for (;;) {
        const item = await queue.get();
        if (item.shutdown) return;
        queue.done(item.key);
        if (++processed === keys) finished = performance.now();
      }
    });
    const started = performance.now();
    for (let i = 0; i < keys; i++) queue.add(`bench/key-${i}`);
    while (processed < keys) await new Promise<void>((resolve) => setImmediate(resolve));
    queue.shutDown();
    await Promise.all(loops);
    if (round === 0) continue; // warm-up
    rates.push(keys / ((finished - started) / 1000));
    latencies.push(...samples);
  }
  return { keys, workers, rounds: ROUNDS, perSecond: median(rates), latencyP50: percentile(latencies, 50), latencyP99: percentile(latencies, 99) };
}

/** OperatorMetrics that also hands the queue durations of one controller to the bench. */
class RecordingOperatorMetrics extends OperatorMetrics {
  samples: number[] = [];

  override workQueueMetrics(controller: string): WorkQueueMetrics {
    const inner = super.workQueueMetrics(controller);
    return {
      ...inner,
      observeQueueDuration: (seconds) => {
        this.samples.push(seconds);
        inner.observeQueueDuration(seconds);
      },
    };
  }
}

/**
 * The real Controller (queue, workers, per-reconcile logger and ID, Prometheus metrics), wired
 * without a Manager on a real InformerCache over an empty namespace. The keys are enqueued by
 * hand (`controller.enqueue`), the reconcile does nothing, so this is the runtime's own overhead.
 */
export async function benchController(kubeconfig: string, namespace: string, keys: number, workers: number): Promise<QueueFigures> {
  // A client of its own, closed as soon as the informer stops. Kept open and idle instead, the
  // HTTP/2 session (undici 8 negotiates h2 with kube-apiserver) is torn down by undici's idle timeout
  // a few seconds later, and the watch stream aborted at stop() can then receive an 'error' event
  // with no listener, which crashes the process (observed with undici 8.12.4; see docs/k8s-common.md).
  const client = await KubeClient.create(loadKubeConfig(kubeconfig), { userAgent: 'k8s-common-bench' });
  const cache = new InformerCache({ client, logger: silentLogger(), namespaces: [namespace] });
  const metrics = new RecordingOperatorMetrics({ processMetrics: false });
  let reconciled = 0;
  let target = 0;
  let onTarget: () => void = () => undefined;
  const definition = controllerFor(ResourceTypes.ConfigMap)
    .named('bench-noop')
    // Informer events (the namespace's kube-root-ca.crt) are not part of the measurement.
    .withEventFilter(() => false)
    .withOptions({ maxConcurrentReconciles: workers })
    .complete(async () => {
      if (++reconciled === target) onTarget();
    });
  const controller = new Controller(definition, { cache, logger: silentLogger(), metrics });
  cache.start();
  await controller.start();

  const rates: number[] = [];
  const latencies: number[] = [];
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      metrics.samples = [];
      target = reconciled + keys;
      const done = new Promise<void>((resolve) => (onTarget = resolve));
      const started = performance.now();
      for (let i = 0; i < keys; i++) controller.enqueue({ namespace, name: `key-${i}` });
      await done;
      const elapsed = performance.now() - started;
      if (round === 0) continue; // warm-up
      rates.push(keys / (elapsed / 1000));
      latencies.push(...metrics.samples);
    }
  } finally {
    await controller.stop();
    await cache.stop();
    await client.close();
  }
  return { keys, workers, rounds: ROUNDS, perSecond: median(rates), latencyP50: percentile(latencies, 50), latencyP99: percentile(latencies, 99) };
}
