import type { V1ConfigMap, V1Service } from '@kubernetes/client-node';
import { ChildSet, desiredChild, Manager, ownedMetadata, parseManagerConfig, ResourceTypes, silentLogger, type KubeClient } from '@operators/k8s-common';
import { createTestNamespace, installCrds, RequestCounter, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';
import { widget, widgetCrd, Widgets, type Widget } from '../support/widget.ts';

// ChildSet against the real API server: a mix of kinds applied for one owner, the objects handed
// back as the server returned them, and pruning of what is no longer desired.
describe('ChildSet against a real API server', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let manager: Manager;
  let running: Promise<void>;
  const children = new ChildSet([ResourceTypes.ConfigMap, ResourceTypes.Service]);

  beforeAll(async () => {
    client = await testClient();
    await installCrds(client, [widgetCrd]);
    ns = await createTestNamespace(client, 'child-set');
    manager = await Manager.create({
      name: 'child-set-test',
      config: parseManagerConfig('child-set-test', ['--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0', `--namespaces=${ns.name}`], {}),
      kubeConfig: testKubeConfig(),
      logger: silentLogger(),
    });
    for (const kind of children.kinds) manager.cache.informerFor(kind);
    running = manager.start();
    await waitFor(() => manager.ready(), { description: 'caches synced' });
  });

  afterAll(async () => {
    await manager.stop();
    await running;
    await ns.cleanup();
    await client.close();
  });

  it('applies a mix of kinds, returns what the API server returned, and prunes what is no longer desired', async () => {
    const owner = await client.create<Widget>(Widgets, widget(ns.name, 'owner', {}));
    const configMap = (name: string): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: ownedMetadata(owner, name, { app: 'child-set' }), data: { k: name } });
    const service: V1Service = { apiVersion: 'v1', kind: 'Service', metadata: ownedMetadata(owner, 'svc', { app: 'child-set' }), spec: { selector: { app: 'x' }, ports: [{ name: 'http', port: 80 }] } };
    await client.create(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foreign', namespace: ns.name }, data: {} });

    const first = await children.reconcile(manager, owner, [
      desiredChild(ResourceTypes.ConfigMap, configMap('a')),
      desiredChild(ResourceTypes.ConfigMap, configMap('b')),
      desiredChild(ResourceTypes.Service, service),
    ]);
    expect(first.applied.map((a) => `${a.type.kind}/${a.object.metadata?.name}:${a.outcome}`)).toEqual(['ConfigMap/a:created', 'ConfigMap/b:created', 'Service/svc:created']);
    // The server's object: fields only the API server fills in are there, right after the write.
    const applied = first.get<V1Service>(ResourceTypes.Service, 'svc');
    expect(applied?.spec?.clusterIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(applied?.metadata?.uid).toBe((await client.get<V1Service>(ResourceTypes.Service, 'svc', ns.name)).metadata?.uid);

    await waitFor(() => manager.cache.ownedBy(ResourceTypes.ConfigMap, owner.metadata.uid!).length === 2 && manager.cache.get(ResourceTypes.Service, 'svc', ns.name), { description: 'the children in the cache' });
    const second = await children.reconcile(manager, owner, [desiredChild(ResourceTypes.ConfigMap, configMap('a'))]);
    expect(second.applied.map((a) => a.outcome)).toEqual(['unchanged']);
    expect(second.deleted.map((d) => `${d.type.kind}/${d.name}`).sort()).toEqual(['ConfigMap/b', 'Service/svc']);
    expect(await client.tryGet(ResourceTypes.ConfigMap, 'b', ns.name)).toBeUndefined();
    expect(await client.tryGet(ResourceTypes.Service, 'svc', ns.name)).toBeUndefined();
    expect(await client.tryGet(ResourceTypes.ConfigMap, 'foreign', ns.name)).toBeDefined();
    expect(await client.tryGet(ResourceTypes.ConfigMap, 'a', ns.name)).toBeDefined();
  });

  it('does not write again what the cache has not seen yet, and re-creates what was deleted meanwhile', async () => {
    const owner = await client.create<Widget>(Widgets, widget(ns.name, 'lagging', {}));
    const configMap = (name: string): V1ConfigMap => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: ownedMetadata(owner, name, { app: 'child-set' }), data: { k: name } });
    const desired = () => [desiredChild(ResourceTypes.ConfigMap, configMap('lag-a')), desiredChild(ResourceTypes.ConfigMap, configMap('lag-b'))];
    // The cache as a reconcile sees it right after the first one wrote: the watch events of the
    // children are still on their way (what another child's event, arriving first, runs into).
    const notYetSeen = { ...manager, applier: manager.applier, client: manager.client, events: manager.events, cache: { get: () => undefined, ownedBy: () => [] } };
    const counter = new RequestCounter(manager.client);
    const first = await children.reconcile(notYetSeen, owner, desired());
    expect(first.applied.map((a) => a.outcome)).toEqual(['created', 'created']);
    await manager.events.flush(); // its Created Events are written in the background
    counter.reset();
    const second = await children.reconcile(notYetSeen, owner, desired());
    expect(second.applied.map((a) => a.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(second.get<V1ConfigMap>(ResourceTypes.ConfigMap, 'lag-a')?.metadata?.uid).toBe(first.get<V1ConfigMap>(ResourceTypes.ConfigMap, 'lag-a')?.metadata?.uid);
    expect(counter.writes()).toEqual([]);
    expect(counter.all().map((r) => r.method)).toEqual(['GET', 'GET']);
    // Deleted by someone since: the read finds nothing, so it is created again.
    await client.delete(ResourceTypes.ConfigMap, 'lag-b', ns.name);
    counter.reset();
    const third = await children.reconcile(notYetSeen, owner, desired());
    expect(third.applied.map((a) => a.outcome)).toEqual(['unchanged', 'created']);
    const applies = counter.writes().filter((r) => !r.path.includes('/events'));
    expect(applies.map((r) => `${r.method} ${r.path.split('/').pop()}`)).toEqual(['PATCH lag-b']);
    expect(await client.tryGet(ResourceTypes.ConfigMap, 'lag-b', ns.name)).toBeDefined();
    counter.stop();
  });
});
