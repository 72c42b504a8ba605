// One cache-memory measurement in a fresh process (spawned by memory.ts), so neither the other
// sections nor the other transform's measurement leave anything in the heap:
//   node --expose-gc --conditions=development bench/memory-probe.ts <kubeconfig> <namespace> <labelSelector> default|identity
// Prints one JSON line.
import { Informer, KubeClient, loadKubeConfig, ResourceTypes, type KubeObject } from '../src/index.ts';

const [kubeconfig, namespace, labelSelector, mode] = process.argv.slice(2);
if (!kubeconfig || !namespace || !labelSelector || (mode !== 'default' && mode !== 'identity')) {
  throw new Error('usage: memory-probe.ts <kubeconfig> <namespace> <labelSelector> default|identity');
}
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const client = await KubeClient.create(loadKubeConfig(kubeconfig));
// Warm up the request path (undici, JSON parsing) so its one-off allocations fall before the baseline.
await client.list(ResourceTypes.ConfigMap, { namespace, labelSelector, limit: 5 });

const informer = new Informer<KubeObject>({
  client,
  type: ResourceTypes.ConfigMap,
  namespace,
  labelSelector,
  ...(mode === 'identity' ? { transform: (o: KubeObject) => o } : {}),
});
const before = await settledHeap();
const started = performance.now();
informer.start();
await informer.waitForSync();
const syncSeconds = (performance.now() - started) / 1000;
// Let the watch connect, so its request is not counted against the objects either way.
await new Promise((resolve) => setTimeout(resolve, 500));
const after = await settledHeap();

const cached = informer.list();
const jsonBytes = cached.reduce((sum, o) => sum + Buffer.byteLength(JSON.stringify(o)), 0) / cached.length;
const managedFields = cached.filter((o) => o.metadata?.managedFields).length;
await informer.stop();
await client.close();

console.log(JSON.stringify({ mode, objects: cached.length, before, after, perObject: (after - before) / cached.length, jsonBytes, managedFields, syncSeconds }));
