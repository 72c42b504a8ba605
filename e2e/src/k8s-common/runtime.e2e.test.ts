import type { V1ConfigMap } from '@kubernetes/client-node';
import {
  ApiError,
  controllerFor,
  isConflict,
  Manager,
  parseManagerConfig,
  ResourceTypes,
  silentLogger,
  specOrMetadataChanged,
  type KubeClient,
} from '@operators/k8s-common';
import { createTestNamespace, installCrds, RequestCounter, sleep, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';
import { widget, widgetCrd, widgetReconciler, Widgets, type Widget } from '../support/widget.ts';

const RESYNC_MS = 2_000;

describe('the reconcile runtime against a real API server', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let manager: Manager;
  let running: Promise<void>;
  const conflictAttempts: string[] = [];

  beforeAll(async () => {
    client = await testClient();
    await installCrds(client, [widgetCrd]);
    ns = await createTestNamespace(client, 'runtime');
    manager = await Manager.create({
      name: 'widget-controller',
      config: parseManagerConfig('widget-controller', [
        '--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0',
        `--namespaces=${ns.name}`, `--resync-period=${RESYNC_MS}ms`, '--max-concurrent-reconciles=4',
      ], {}),
      kubeConfig: testKubeConfig(),
      logger: silentLogger(),
    });
    manager.add(
      controllerFor(Widgets, specOrMetadataChanged)
        .owns(ResourceTypes.ConfigMap)
        .complete(
          widgetReconciler(manager, {
            // The first pass over `conflict` writes with a stale resourceVersion, so the API
            // server answers 409 as it would to a lost optimistic-concurrency race.
            beforeApply: async (w: Widget) => {
              if (w.metadata.name !== 'conflict') return;
              conflictAttempts.push(w.metadata.resourceVersion ?? '');
              if (conflictAttempts.length === 1) {
                await client.replace(Widgets, { ...w, metadata: { ...w.metadata, resourceVersion: '1', annotations: { touched: 'yes' } } });
              }
            },
          }),
        ),
    );
    running = manager.start();
    await waitFor(() => manager.ready(), { description: 'manager caches synced' });
  });

  afterAll(async () => {
    await manager.stop();
    await running;
    await ns.cleanup();
    await client.close();
  });

  const readyWidget = (name: string) =>
    waitFor(async () => {
      const w = await client.get<Widget>(Widgets, name, ns.name);
      return w.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' && w.status.observedGeneration === w.metadata.generation && w;
    }, { description: `Widget ${name} Ready` });

  it('converges a custom resource, and its child is garbage-collected with it', async () => {
    await client.create(Widgets, widget(ns.name, 'basic', { a: '1' }));
    await readyWidget('basic');
    const cm = await client.get<V1ConfigMap>(ResourceTypes.ConfigMap, 'basic-data', ns.name);
    expect(cm.data).toEqual({ a: '1' });
    expect(cm.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Widget', name: 'basic', controller: true });
    expect(cm.metadata?.managedFields?.some((f) => f.manager === 'widget-controller' && f.operation === 'Apply')).toBe(true);

    await client.patch(Widgets, 'basic', ns.name, { spec: { data: { a: '2' } } });
    await waitFor(async () => (await client.get<V1ConfigMap>(ResourceTypes.ConfigMap, 'basic-data', ns.name)).data?.['a'] === '2', {
      description: 'the spec change to reach the ConfigMap',
    });

    await client.delete(Widgets, 'basic', ns.name);
    await waitFor(async () => (await client.tryGet(ResourceTypes.ConfigMap, 'basic-data', ns.name)) === undefined, {
      description: 'the ConfigMap to be garbage-collected',
    });
  });

  it('puts back a child edited by hand', async () => {
    await client.create(Widgets, widget(ns.name, 'drift', { k: 'v' }));
    await readyWidget('drift');
    await client.patch(ResourceTypes.ConfigMap, 'drift-data', ns.name, { data: { k: 'hand-edited' } });
    await waitFor(async () => (await client.get<V1ConfigMap>(ResourceTypes.ConfigMap, 'drift-data', ns.name)).data?.['k'] === 'v', {
      description: 'the hand edit to be reverted',
    });
  });

  it('retries a reconcile that lost a 409 conflict', async () => {
    await client.create(Widgets, widget(ns.name, 'conflict', { c: '1' }));
    await readyWidget('conflict');
    expect(conflictAttempts.length).toBeGreaterThanOrEqual(2);
    const errors = await manager.metrics.registry.getSingleMetric('controller_runtime_reconcile_errors_total')!.get();
    expect(errors.values.find((v) => v.labels['controller'] === 'widget')?.value).toBeGreaterThanOrEqual(1);
    // And the error really was the API server's conflict:
    const stale = client.replace(Widgets, { ...widget(ns.name, 'conflict', {}), metadata: { name: 'conflict', namespace: ns.name, resourceVersion: '1' } });
    const err: unknown = await stale.then(() => undefined, (e: unknown) => e);
    expect(err instanceof ApiError && isConflict(err)).toBe(true);
  });

  it('makes no write in steady state: 100 converged resources over two resync periods', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `steady-${i}`);
    for (const name of names) await client.create(Widgets, widget(ns.name, name, { n: name }));
    await waitFor(async () => {
      const list = await client.list<Widget>(Widgets, { namespace: ns.name });
      const ready = list.items.filter((w) => w.metadata.name.startsWith('steady-') && w.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
      return ready.length === names.length;
    }, { timeoutMs: 120_000, description: '100 widgets Ready' });
    await sleep(1_000);

    const counter = new RequestCounter(manager.client);
    const reconcilesBefore = await reconcileCount(manager);
    await sleep(2 * RESYNC_MS + 1_000);
    const reconcilesAfter = await reconcileCount(manager);
    counter.stop();

    // The resyncs did run (the test would otherwise prove nothing) and wrote nothing.
    expect(reconcilesAfter - reconcilesBefore).toBeGreaterThanOrEqual(2 * names.length);
    expect(counter.writes()).toEqual([]);
  });
});

async function reconcileCount(manager: Manager): Promise<number> {
  const metric = await manager.metrics.registry.getSingleMetric('controller_runtime_reconcile_total')!.get();
  return metric.values.filter((v) => v.labels['controller'] === 'widget').reduce((sum, v) => sum + v.value, 0);
}
