import type { V1ConfigMap } from '@kubernetes/client-node';
import { controllerFor, Informer, Manager, parseManagerConfig, ResourceTypes, silentLogger, type InformerEvent, type KubeClient, type KubeObject } from '@operators/k8s-common';
import { createTestNamespace, sleep, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';

// Work that only re-confirms (the objects of the cache's first list, resyncs) waits behind real
// changes, as in controller-runtime's priority queue: after a restart with many objects, a change
// made meanwhile is not reconciled last.

const configMap = (namespace: string, name: string): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { 'e2e.operators.dev/priority': 'yes' } }, data: { a: '1' } });
const EXISTING = 30;

describe('work priority against a real API server', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    client = await testClient();
    ns = await createTestNamespace(client, 'work-priority');
    for (let i = 0; i < EXISTING; i++) await client.create(ResourceTypes.ConfigMap, configMap(ns.name, `existing-${String(i).padStart(2, '0')}`));
  });
  afterAll(async () => {
    await ns.cleanup();
    await client.close();
  });

  it('marks the adds of the first list, and of a handler added after it, as the initial list; later creates are not', async () => {
    const informer = new Informer<KubeObject>({ client, type: ResourceTypes.ConfigMap, namespace: ns.name, labelSelector: 'e2e.operators.dev/priority=yes', logger: silentLogger() });
    const early: InformerEvent<KubeObject>[] = [];
    const late: InformerEvent<KubeObject>[] = [];
    informer.addHandler((e) => early.push(e));
    informer.start();
    try {
      await informer.waitForSync();
      informer.addHandler((e) => late.push(e));
      await client.create(ResourceTypes.ConfigMap, configMap(ns.name, 'created-after-sync'));
      await waitFor(() => early.some((e) => e.object.metadata?.name === 'created-after-sync'), { description: 'the watch event of the new ConfigMap' });
      const initial = (events: InformerEvent<KubeObject>[]) => events.filter((e) => e.type === 'add' && e.isInInitialList).map((e) => e.object.metadata?.name);
      expect(initial(early)).toHaveLength(EXISTING);
      expect(initial(late)).toHaveLength(EXISTING);
      const created = early.find((e) => e.object.metadata?.name === 'created-after-sync');
      expect(created).toMatchObject({ type: 'add' });
      expect(created?.type === 'add' && created.isInInitialList).toBeFalsy();
    } finally {
      await informer.stop();
      await client.delete(ResourceTypes.ConfigMap, 'created-after-sync', ns.name);
    }
  });

  it('reconciles a ConfigMap created while the initial list is being worked through before the rest of that list', async () => {
    const order: string[] = [];
    const manager = await Manager.create({
      name: 'priority-controller',
      config: parseManagerConfig('priority-controller', ['--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0', `--namespaces=${ns.name}`, '--max-concurrent-reconciles=1'], {}),
      kubeConfig: testKubeConfig(),
      logger: silentLogger(),
    });
    manager.add(
      controllerFor(ResourceTypes.ConfigMap).complete(async (request) => {
        order.push(request.name);
        await sleep(50); // a reconcile that takes a while, so the initial list takes EXISTING × 50 ms
      }),
    );
    const running = manager.start();
    try {
      await waitFor(() => order.length >= 1, { description: 'the first reconcile of the initial list' });
      await client.create(ResourceTypes.ConfigMap, configMap(ns.name, 'fresh'));
      await waitFor(() => order.includes('fresh') && order.length >= EXISTING + 1, { timeoutMs: 30_000, description: 'every ConfigMap reconciled' });
      // The watch event takes a moment; a FIFO queue would reconcile it after all EXISTING.
      expect(order.indexOf('fresh')).toBeLessThan(EXISTING / 2);
      expect(order.filter((name) => name.startsWith('existing-'))).toHaveLength(EXISTING);
    } finally {
      await manager.stop();
      await running;
    }
  }, 60_000);
});
