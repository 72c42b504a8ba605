// A TapioCluster's life: converged, it makes no write; a hand edit is put back, except while the
// pause annotation is set; deleting it removes its collectors and intelligence (garbage collection
// through owner references) and keeps the Neo4j and NATS data volumes.
import type { V1Deployment, V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, readyForGeneration, TapioClusters, TapioCollectors, TapioIntelligences, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

const PAUSE = 'tapio.io/pause-reconciliation';

describe('Tapio lifecycle', () => {
  const env = useOperator('tapio-operator', 'tapio-lifecycle', WITHOUT_WEBHOOKS);
  const get = (name: string) => env.client.get<Tapio>(TapioClusters, name, env.namespace);
  const gatewayImage = async () => (await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'dev-gateway', env.namespace)).spec?.template.spec?.containers[0]?.image;
  const editGateway = (image: string) =>
    env.client.patch(ResourceTypes.Deployment, 'dev-gateway', env.namespace, { spec: { template: { spec: { containers: [{ name: 'gateway', image }] } } } }, 'strategic');

  it('converges, then makes no write in the steady state', async () => {
    await env.client.create(TapioClusters, example('minimal-development.yaml', env.namespace));
    await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    await waitForReady(env.client, TapioIntelligences, env.namespace, 'dev');
    // Events are flushed a little later than the writes they report.
    await sleep(3_000);
    const before = await env.operator.writesByResource();
    await sleep(12_000); // two resync periods (--resync-period=5s) and then some
    expect(await env.operator.writesByResource()).toEqual(before);
  });

  it('puts back a hand edit of the gateway Deployment', async () => {
    const image = await gatewayImage();
    await editGateway('edited:by-hand');
    await waitFor(async () => (await gatewayImage()) === image, { description: 'the operator to restore the gateway image' });
  });

  it('changes nothing while paused, and puts the edit back once resumed', async () => {
    const image = await gatewayImage();
    await env.client.patch(TapioClusters, 'dev', env.namespace, { metadata: { annotations: { [PAUSE]: 'true' } } });
    await waitFor(async () => condition(await get('dev'), 'Paused')?.status === 'True', { description: 'Paused=True' });
    await editGateway('edited:while-paused');
    // A spec change while paused is not applied, so status must not claim it (kubectl wait).
    const reconciled = (await get('dev')).metadata.generation;
    await env.client.patch(TapioClusters, 'dev', env.namespace, { spec: { monitoring: { grafana: { enabled: true } } } });
    await sleep(7_000); // past a resync period
    expect(await gatewayImage()).toBe('edited:while-paused');
    const paused = await get('dev');
    expect(paused.metadata.generation).toBeGreaterThan(reconciled!);
    expect(paused.status?.observedGeneration).toBe(reconciled);
    expect(condition(paused, 'Ready')?.observedGeneration).toBe(reconciled);
    expect(await env.client.tryGet(ResourceTypes.ConfigMap, 'dev-grafana-dashboard', env.namespace)).toBeUndefined();
    await env.client.patch(TapioClusters, 'dev', env.namespace, { metadata: { annotations: { [PAUSE]: null } } });
    await waitFor(async () => (await gatewayImage()) === image, { description: 'the edit to be put back after resuming' });
    await waitFor(async () => readyForGeneration(await get('dev')) && !condition(await get('dev'), 'Paused'), { description: 'Ready, no Paused condition' });
  });

  it('deleting the TapioCluster removes its collectors and intelligence and keeps the data volumes', async () => {
    const claims = async () => (await env.client.list<V1PersistentVolumeClaim>(ResourceTypes.PersistentVolumeClaim, { namespace: env.namespace })).items.map((c) => c.metadata!.name!).sort();
    expect(await claims()).toEqual(['data-dev-nats-0', 'data-dev-neo4j-0']);
    await env.client.delete(TapioClusters, 'dev', env.namespace);
    await waitFor(async () => !(await env.client.tryGet(TapioCollectors, 'dev-kubernetes', env.namespace)) && !(await env.client.tryGet(TapioIntelligences, 'dev', env.namespace)), {
      timeoutMs: 60_000,
      description: 'the TapioCollector and TapioIntelligence to be garbage-collected',
    });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.StatefulSet, 'dev-neo4j', env.namespace)) && !(await env.client.tryGet(ResourceTypes.StatefulSet, 'dev-nats', env.namespace)), {
      timeoutMs: 60_000,
      description: 'the StatefulSets to be garbage-collected',
    });
    expect(await claims()).toEqual(['data-dev-nats-0', 'data-dev-neo4j-0']);
  });
});
