// `npx nx run k8s-common:bench`: throughput, latency and memory figures of the runtime, printed,
// never asserted. See docs/k8s-common.md ("Benchmark") for what each figure means.
//
// Environment:
//   KUBECONFIG           use this cluster as it is (otherwise the kwok cluster `bench` is brought up)
//   BENCH_KEEP_CLUSTER   `true` leaves the `bench` cluster up for the next run (default: deleted at the end)
//   BENCH_WORKERS        max concurrent reconciles of the API-server section (default 2, the Manager's default)
//   BENCH_RESYNC         resync period of the API-server section, e.g. 5s (default 5s)
//   BENCH_CONCURRENCY    concurrent requests when creating objects (default 32)
//   BENCH_MEMORY_OBJECTS objects of the memory section (default 10000)
import { randomBytes } from 'node:crypto';
import { KubeClient, loadKubeConfig, parseDuration, ResourceTypes } from '../src/index.ts';
import { acquireCluster } from './cluster.ts';
import { benchMemory } from './memory.ts';
import { benchController, benchWorkQueue } from './queue.ts';
import { benchReconcile } from './reconcile.ts';
import { bytes, latency, num, table, type Figure } from './stats.ts';

const KEYS = 1000;
const RECONCILE_OBJECTS = 1000;
const workers = Number(process.env['BENCH_WORKERS'] ?? 2);
const resyncMs = parseDuration(process.env['BENCH_RESYNC'] ?? '5s');
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 32);
const memoryObjects = Number(process.env['BENCH_MEMORY_OBJECTS'] ?? 10_000);

const log = (line: string) => console.log(`[bench] ${line}`);
const figures: Figure[] = [];
const add = (section: string, metric: string, value: string) => figures.push({ section, metric, value });

const cluster = acquireCluster();
log(`cluster: ${cluster.description}`);
const client = await KubeClient.create(loadKubeConfig(cluster.kubeconfig), { userAgent: 'k8s-common-bench' });
const namespace = `k8s-common-bench-${randomBytes(3).toString('hex')}`;
await client.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'bench.operators.dev/run': 'true' } } });
log(`namespace: ${namespace}`);
log(`node ${process.version}, ${process.platform}/${process.arch}`);

try {
  // 1. The queue and the controller on their own (no API-server round trips in the reconcile).
  const queue = await benchWorkQueue(KEYS, 2);
  log(`WorkQueue: ${num(queue.perSecond)} keys/s, queue latency p50 ${latency(queue.latencyP50)}, p99 ${latency(queue.latencyP99)}`);
  add('WorkQueue (2 workers, 1000 keys)', `keys/s (median of ${queue.rounds} rounds)`, num(queue.perSecond));
  add('WorkQueue (2 workers, 1000 keys)', 'queue latency p50 / p99', `${latency(queue.latencyP50)} / ${latency(queue.latencyP99)}`);

  const ctrl = await benchController(cluster.kubeconfig, namespace, KEYS, 2);
  log(`Controller: ${num(ctrl.perSecond)} reconciles/s, queue latency p50 ${latency(ctrl.latencyP50)}, p99 ${latency(ctrl.latencyP99)}`);
  add('Controller, no-op reconcile (2 workers, 1000 keys)', `reconciles/s (median of ${ctrl.rounds} rounds)`, num(ctrl.perSecond));
  add('Controller, no-op reconcile (2 workers, 1000 keys)', 'queue latency p50 / p99', `${latency(ctrl.latencyP50)} / ${latency(ctrl.latencyP99)}`);

  // 2. Reconciles that read the cache and apply a child, against the API server.
  const rec = await benchReconcile(client, cluster.kubeconfig, namespace, { objects: RECONCILE_OBJECTS, workers, resyncMs, concurrency });
  log(
    `API server: ${RECONCILE_OBJECTS} converged in ${num(rec.convergeSeconds, 2)} s (${num(rec.convergedPerSecond)} objects/s, ` +
      `${num(rec.reconcilesPerSecond)} reconciles/s); ${rec.reconcilesUntilQuiet} reconciles and ${rec.writesUntilQuiet} writes until quiet`,
  );
  log(`steady state: ${rec.resyncPasses} resync passes, ${rec.resyncReconciles} reconciles at ${num(rec.resyncPerSecond)}/s; ${rec.steadyRequests} requests, ${rec.steadyWrites} writes in ${num(rec.steadyWindowSeconds, 1)} s`);
  const s2 = `Against the API server (${RECONCILE_OBJECTS} objects, ${workers} workers)`;
  add(s2, 'cache sync (list of the sources)', `${num(rec.syncSeconds, 2)} s`);
  add(s2, 'converge: objects/s (sync → last child watched)', `${num(rec.convergedPerSecond)} (${num(rec.convergeSeconds, 2)} s)`);
  add(s2, 'converge: reconciles/s', `${num(rec.reconcilesPerSecond)} (${rec.reconcilesToConverge} reconciles)`);
  add(s2, 'until quiet: reconciles / writes', `${rec.reconcilesUntilQuiet} / ${rec.writesUntilQuiet}`);
  add(s2, `steady-state resync reconciles/s (resync ${rec.resyncMs / 1000} s)`, `${num(rec.resyncPerSecond)} (${rec.resyncPasses} passes, ${rec.resyncReconciles} reconciles)`);
  add(s2, `steady state: requests / writes in ${num(rec.steadyWindowSeconds, 1)} s`, `${rec.steadyRequests} / ${rec.steadyWrites}`);

  // 3. Cache memory per object, with and without managedFields.
  const mem = await benchMemory(client, cluster.kubeconfig, namespace, { objects: memoryObjects, concurrency });
  const saving = mem.kept.perObject - mem.stripped.perObject;
  log(`created ${mem.objects} ConfigMaps (server-side apply) in ${num(mem.createSeconds, 1)} s (${num(mem.objects / mem.createSeconds)}/s)`);
  log(`memory: ${num(mem.stripped.perObject)} B/object stripped, ${num(mem.kept.perObject)} B/object kept, saving ${num(saving)} B (${num((100 * saving) / mem.kept.perObject, 1)}%)`);
  const s3 = `Informer memory (${num(mem.objects)} ConfigMaps, ~1 KiB data)`;
  add(s3, 'create by server-side apply', `${num(mem.objects / mem.createSeconds)} objects/s (${num(mem.createSeconds, 1)} s)`);
  add(s3, 'default transform (managedFields stripped): heap/object', `${num(mem.stripped.perObject)} B (JSON ${num(mem.stripped.jsonBytes)} B)`);
  add(s3, 'transform (o) => o (managedFields kept): heap/object', `${num(mem.kept.perObject)} B (JSON ${num(mem.kept.jsonBytes)} B)`);
  add(s3, 'saving per object', `${num(saving)} B (${num((100 * saving) / mem.kept.perObject, 1)}%)`);
  add(s3, `saving for ${num(mem.objects)} objects`, bytes(saving * mem.objects));
  add(s3, 'sync time stripped / kept', `${num(mem.stripped.syncSeconds, 2)} s / ${num(mem.kept.syncSeconds, 2)} s`);

  console.log('');
  console.log(table(['section', 'metric', 'value'], figures.map((f, i) => [f.section === figures[i - 1]?.section ? '' : f.section, f.metric, f.value])));
} finally {
  await client.tryDelete(ResourceTypes.Namespace, namespace).catch((err: unknown) => log(`could not delete ${namespace}: ${String(err)}`));
  log(`deleted namespace ${namespace}`);
  await client.close();
  cluster.release();
}
