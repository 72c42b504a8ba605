import type { V1ConfigMap, V1Container, V1Deployment } from '@kubernetes/client-node';
import {
  controllerFor,
  controllerReference,
  Manager,
  parseManagerConfig,
  ResourceTypes,
  silentLogger,
  specOrMetadataChanged,
  updateStatusIfChanged,
  type Condition,
  type KubeClient,
} from '@operators/k8s-common';
import { createTestNamespace, installCrds, RequestCounter, sleep, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';
import { widget, widgetCrd, Widgets, type Widget } from '../support/widget.ts';

const RESYNC_MS = 2_000;
const NAME = 'pruned';

/**
 * Two children rendered from a Widget's data, so a test changes the desired state by editing the
 * Widget: the ConfigMap `<name>-data` holds the data as it is; the Deployment `<name>` (no
 * replicas, no pods) turns each `env.NAME` key into an env var and each `limits.RESOURCE` key
 * into a resource limit.
 */
function desiredChildren(w: Widget) {
  const metadata = (name: string) => ({ name, namespace: w.metadata.namespace, ownerReferences: [controllerReference(w)] });
  const entries = (prefix: string) => Object.entries(w.spec.data).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v] as const);
  const labels = { app: w.metadata.name };
  const configMap: V1ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(`${w.metadata.name}-data`), data: w.spec.data };
  const deployment: V1Deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(w.metadata.name),
    spec: {
      replicas: 0,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            name: 'app',
            image: 'example.invalid/app:1',
            env: entries('env.').map(([name, value]) => ({ name, value })),
            resources: { limits: Object.fromEntries(entries('limits.')) },
          }],
        },
      },
    },
  };
  return [[ResourceTypes.ConfigMap, configMap], [ResourceTypes.Deployment, deployment]] as const;
}

let reconciles = 0;

async function startManager(namespace: string): Promise<{ manager: Manager; running: Promise<void> }> {
  const manager = await Manager.create({
    name: 'prune-controller',
    config: parseManagerConfig('prune-controller', [
      '--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0',
      `--namespaces=${namespace}`, `--resync-period=${RESYNC_MS}ms`,
    ], {}),
    kubeConfig: testKubeConfig(),
    logger: silentLogger(),
  });
  manager.add(
    controllerFor(Widgets, specOrMetadataChanged)
      .owns(ResourceTypes.ConfigMap)
      .owns(ResourceTypes.Deployment)
      .complete(async (request) => {
        reconciles++;
        const w = manager.cache.get<Widget>(Widgets, request.name, request.namespace);
        if (!w) return;
        for (const [type, desired] of desiredChildren(w)) {
          await manager.applier.apply(type, desired, manager.cache.get(type, desired.metadata!.name!, w.metadata.namespace));
        }
      }),
  );
  const running = manager.start();
  await waitFor(() => manager.ready(), { description: 'manager caches synced' });
  return { manager, running };
}

describe('server-side apply prunes what the desired state no longer has', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let operator: { manager: Manager; running: Promise<void> };

  beforeAll(async () => {
    client = await testClient();
    await installCrds(client, [widgetCrd]);
    ns = await createTestNamespace(client, 'prune');
    operator = await startManager(ns.name);
    await client.create(Widgets, widget(ns.name, NAME, {
      'env.A': '1', 'env.B': '2', 'env.C': '3', 'limits.cpu': '500m', 'limits.memory': '256Mi', version: '1.10',
    }));
    await waitFor(async () => (await container())?.env?.length === 3, { description: 'the Deployment created' });
  });

  afterAll(async () => {
    await operator.manager.stop();
    await operator.running;
    await ns.cleanup();
    await client.close();
  });

  const configMapData = async () => (await client.tryGet<V1ConfigMap>(ResourceTypes.ConfigMap, `${NAME}-data`, ns.name))?.data;
  const deployment = () => client.tryGet<V1Deployment>(ResourceTypes.Deployment, NAME, ns.name);
  const container = async (): Promise<V1Container | undefined> => (await deployment())?.spec?.template.spec?.containers[0];
  const envNames = async () => (await container())?.env?.map((e) => e.name);
  const setData = (data: Record<string, string | null>) => client.patch(Widgets, NAME, ns.name, { spec: { data } });

  it('removes an env var, a memory limit and a ConfigMap key the desired state dropped', async () => {
    await setData({ 'env.B': null, 'limits.memory': null });
    await waitFor(async () => {
      const [names, c, data] = [await envNames(), await container(), await configMapData()];
      return names?.join() === 'A,C' && c?.resources?.limits?.['memory'] === undefined && data !== undefined && !('env.B' in data);
    }, { description: 'env B, limits.memory and the ConfigMap key env.B removed' });
    expect((await container())?.resources?.limits).toEqual({ cpu: '500m' });
  });

  it('writes a ConfigMap value that differs from the live one only as a string ("1.10" → "1.1")', async () => {
    await setData({ version: '1.1' });
    await waitFor(async () => (await configMapData())?.['version'] === '1.1', { description: 'version 1.1 in the ConfigMap' });
  });

  it('puts back a hand edit of an operator-owned field, even one that reads as the same number', async () => {
    await client.patch(ResourceTypes.ConfigMap, `${NAME}-data`, ns.name, { data: { version: '1.10' } });
    await client.patch(ResourceTypes.Deployment, NAME, ns.name, { spec: { template: { spec: { containers: [{ name: 'app', env: [{ name: 'A', value: '1.0' }] }] } } } }, 'strategic');
    await waitFor(async () => {
      const [data, c] = [await configMapData(), await container()];
      return data?.['version'] === '1.1' && c?.env?.find((e) => e.name === 'A')?.value === '1';
    }, { description: 'both hand edits reverted' });
  });

  it('leaves alone the fields another manager added while it removes its own', async () => {
    await client.patch(ResourceTypes.Deployment, NAME, ns.name, { metadata: { labels: { team: 'storage' } } });
    await client.patch(ResourceTypes.ConfigMap, `${NAME}-data`, ns.name, { metadata: { annotations: { 'example.com/note': 'kept' } } });
    await setData({ 'limits.cpu': null });
    await waitFor(async () => Object.keys((await container())?.resources?.limits ?? {}).length === 0, { description: 'limits.cpu removed' });
    expect((await deployment())?.metadata?.labels?.['team']).toBe('storage');
    const cm = await client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${NAME}-data`, ns.name);
    expect(cm.metadata?.annotations?.['example.com/note']).toBe('kept');
  });

  it('removes a field dropped while the operator was not running', async () => {
    await operator.manager.stop();
    await operator.running;
    await setData({ 'env.C': null });
    operator = await startManager(ns.name);
    await waitFor(async () => (await envNames())?.join() === 'A' && !('env.C' in ((await configMapData()) ?? {})), {
      description: 'env C removed after the restart',
    });
  });

  it('then makes no write over two resync periods', async () => {
    const { manager } = operator;
    await sleep(1_000);
    const counter = new RequestCounter(manager.client);
    const before = reconciles;
    await sleep(2 * RESYNC_MS + 1_000);
    counter.stop();
    expect(reconciles - before).toBeGreaterThanOrEqual(2); // the resyncs ran
    expect(counter.writes()).toEqual([]);
  });
});

describe('a status write replaces the whole status', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    client = await testClient();
    await installCrds(client, [widgetCrd]);
    ns = await createTestNamespace(client, 'status-write');
  });
  afterAll(async () => {
    await ns.cleanup();
    await client.close();
  });

  it('drops what the new status leaves out, even written over a stale copy of the object, as the controller\'s field manager', async () => {
    const created = await client.create(Widgets, widget(ns.name, 'status', { a: '1' }));
    const ready: Condition = { type: 'Ready', status: 'True', reason: 'Reconciled', message: 'ok', lastTransitionTime: '2026-12-01T00:00:00Z', observedGeneration: 1 };
    expect(await updateStatusIfChanged(client, Widgets, created, { observedGeneration: 1, conditions: [ready] }, 'status-writer')).toBe(true);
    // `created` is what a cache that has not seen the first write still holds: no status at all.
    expect(await updateStatusIfChanged(client, Widgets, created, { conditions: [{ ...ready, status: 'False', reason: 'Waiting' }] }, 'status-writer')).toBe(true);
    const stored = await client.get<Widget>(Widgets, 'status', ns.name);
    expect(stored.status).toEqual({ conditions: [{ ...ready, status: 'False', reason: 'Waiting' }] });
    const raw = await client.get<Widget & { metadata: { managedFields?: { manager: string; subresource?: string }[] } }>(Widgets, 'status', ns.name);
    expect(raw.metadata.managedFields?.some((f) => f.manager === 'status-writer' && f.subresource === 'status')).toBe(true);
  });
});
