// A PrismPattern with an HPA against the local cluster, the operator run as `npm start` runs it
// with the chart's RBAC: the seed's HPA sample reaches Ready with its Deployment, Service and
// HorizontalPodAutoscaler (and the custom-metrics sample, on a Pods metric), a change rolls out and status follows, drift is put back, turning
// autoscaling off removes the HPA, a converged pattern makes no write, pausing holds changes back,
// and deletion cleans up.
// KEDA's CRDs are never touched here (keda.e2e.test.ts owns them).
import type { EventsV1Event, V1ConfigMap, V1Deployment, V1Service, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, PrismPatterns, readyForGeneration, waitForReady, type Resource } from './support.ts';

const NAME = 'producer-kafka-events';

describe('Prism operator: a PrismPattern scaled by an HPA', () => {
  const env = useOperator('prism-operator', 'prism');
  const deployment = () => env.client.get<V1Deployment>(ResourceTypes.Deployment, NAME, env.namespace);

  it('the HPA sample reaches Ready with its Deployment, Service and HPA, pods labelled as the seed selects them', async () => {
    const [pattern] = example('prismpattern_hpa_example', env.namespace);
    await env.client.create(PrismPatterns, pattern!);
    const ready = await waitForReady(env.client, PrismPatterns, NAME, env.namespace);
    expect(ready.status).toMatchObject({ phase: 'Running', scaler: 'hpa', readyReplicas: 2 });
    const labels = (await deployment()).spec?.template.metadata?.labels;
    expect(labels).toMatchObject({ 'prism.io/pattern': 'producer', 'prism.io/pattern-instance': NAME, app: 'prism' });
    const service = await env.client.get<V1Service>(ResourceTypes.Service, NAME, env.namespace);
    expect(service.spec?.ports?.[0]?.port).toBe(8080);
    const hpa = await env.client.get<V2HorizontalPodAutoscaler>(ResourceTypes.HorizontalPodAutoscaler, NAME, env.namespace);
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 20, scaleTargetRef: { kind: 'Deployment', name: NAME } });
    expect(hpa.spec?.metrics?.[0]?.resource).toMatchObject({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } });
    expect(hpa.spec?.behavior?.scaleDown?.stabilizationWindowSeconds).toBe(300);
  });

  it('the custom-metrics sample reaches Ready with its HPA on the Pods metric http_requests_per_second', async () => {
    const [pattern] = example('prismpattern_hpa_custom_metrics_example', env.namespace);
    await env.client.create(PrismPatterns, pattern!);
    const ready = await waitForReady(env.client, PrismPatterns, 'keyvalue-redis-sessions', env.namespace);
    expect(ready.status).toMatchObject({ scaler: 'hpa', readyReplicas: 3 });
    const hpa = await env.client.get<V2HorizontalPodAutoscaler>(ResourceTypes.HorizontalPodAutoscaler, 'keyvalue-redis-sessions', env.namespace);
    // Stored as the API server spells 1000; the steady-state test below proves that is no drift.
    expect(hpa.spec?.metrics).toEqual([{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '1k' } } }]);
  });

  it('rolls out an image change, and status is Ready for the new generation only when it is done', async () => {
    await env.client.patch(PrismPatterns, NAME, env.namespace, { spec: { image: 'registry.k8s.io/pause:3.9' } });
    await waitForReady(env.client, PrismPatterns, NAME, env.namespace);
    const live = await deployment();
    expect(live.spec?.template.spec?.containers[0]?.image).toBe('registry.k8s.io/pause:3.9');
    expect(live.status?.updatedReplicas).toBe(2);
  });

  it('leaves replicas to the HPA: a scaled Deployment is not scaled back', async () => {
    await env.client.patch(ResourceTypes.Deployment, NAME, env.namespace, { spec: { replicas: 3 } });
    await env.client.patch(PrismPatterns, NAME, env.namespace, { metadata: { annotations: { 'prism.io/force-reconcile': 'replicas' } } });
    await sleep(6_000);
    expect((await deployment()).spec?.replicas).toBe(3);
  });

  it('puts back a hand edit of the Deployment', async () => {
    await env.client.patch(ResourceTypes.Deployment, NAME, env.namespace, { spec: { template: { spec: { containers: [{ name: 'runner', image: 'edited:by-hand' }] } } } }, 'strategic');
    await waitFor(async () => (await deployment()).spec?.template.spec?.containers[0]?.image === 'registry.k8s.io/pause:3.9', { description: 'the operator to restore the image' });
    // What `kubectl describe prismpattern` shows: the Event on the pattern that says so.
    const driftEvent = await waitFor(async () => {
      const events = await env.client.list<EventsV1Event>(ResourceTypes.Event, { namespace: env.namespace });
      return events.items.find((e) => e.reason === 'DriftCorrected' && e.regarding?.kind === 'PrismPattern' && e.regarding.name === NAME);
    }, { description: 'a DriftCorrected Event on the PrismPattern' });
    expect(driftEvent.note).toBe(`Deployment ${NAME} was changed outside the operator; restored the desired state`);
  });

  it('makes no write in the steady state', async () => {
    await waitForReady(env.client, PrismPatterns, NAME, env.namespace);
    await waitForReady(env.client, PrismPatterns, 'keyvalue-redis-sessions', env.namespace);
    // Events are flushed a little later than the writes they report.
    await sleep(3_000);
    const before = await env.operator.writesByResource();
    await sleep(12_000); // two resync periods (--resync-period=5s) and then some
    expect(await env.operator.writesByResource()).toEqual(before);
  });

  // After the steady-state test: repeated Events (a second "Updated Deployment") reach the server as
  // series updates up to 30 s later, which that test would count.
  it('a config change updates the ConfigMap and rolls the runners (its hash on the pod template); Ready follows', async () => {
    const hashOf = async () => (await deployment()).spec?.template.metadata?.annotations?.['prism.io/config-hash'];
    await env.client.patch(PrismPatterns, NAME, env.namespace, { spec: { config: { kafkaTopic: 'events' } } });
    await waitForReady(env.client, PrismPatterns, NAME, env.namespace);
    const first = await hashOf();
    expect(first).toBeDefined();
    await env.client.patch(PrismPatterns, NAME, env.namespace, { spec: { config: { kafkaTopic: 'events-v2' } } });
    await waitForReady(env.client, PrismPatterns, NAME, env.namespace);
    const configMap = await env.client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${NAME}-config`, env.namespace);
    expect(configMap.data).toEqual({ kafkaTopic: 'events-v2' });
    const live = await deployment();
    expect(live.spec?.template.metadata?.annotations?.['prism.io/config-hash']).not.toBe(first);
    // Every runner (as many as the HPA left) is of the new revision and available.
    expect(live.status).toMatchObject({ updatedReplicas: live.spec?.replicas, availableReplicas: live.spec?.replicas });
  });

  it('turning autoscaling off removes the HPA and gives replicas back to the spec', async () => {
    await env.client.patch(PrismPatterns, NAME, env.namespace, { spec: { autoscaling: { enabled: false } } });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.HorizontalPodAutoscaler, NAME, env.namespace)), { description: 'the HPA to be deleted' });
    const ready = await waitForReady(env.client, PrismPatterns, NAME, env.namespace);
    expect(ready.status?.scaler).toBe('none');
    expect((await deployment()).spec?.replicas).toBe(2);
  });

  it('while paused a change is not applied, and Paused=True says so; unpausing applies it', async () => {
    await env.client.patch(PrismPatterns, NAME, env.namespace, { metadata: { annotations: { 'prism.io/pause-reconciliation': 'true' } } });
    await waitFor(async () => condition(await env.client.get<Resource>(PrismPatterns, NAME, env.namespace), 'Paused')?.status === 'True', { description: 'Paused=True' });
    await env.client.patch(PrismPatterns, NAME, env.namespace, { spec: { replicas: 3 } });
    await sleep(6_000); // a resync period and then some
    expect((await deployment()).spec?.replicas).toBe(2);
    // Nothing of the new generation was applied, so nothing says it is Ready (kubectl wait is not fooled).
    const paused = await env.client.get<Resource>(PrismPatterns, NAME, env.namespace);
    expect(paused.status?.observedGeneration).toBeLessThan(paused.metadata.generation!);
    expect(readyForGeneration(paused)).toBe(false);
    await env.client.patch(PrismPatterns, NAME, env.namespace, { metadata: { annotations: { 'prism.io/pause-reconciliation': null } } });
    await waitFor(async () => (await deployment()).spec?.replicas === 3, { description: 'the change applied after unpausing' });
    // The status that follows the unpaused reconcile (the paused one was already for this generation).
    await waitFor(async () => {
      const current = await env.client.get<Resource>(PrismPatterns, NAME, env.namespace);
      return !condition(current, 'Paused') && readyForGeneration(current);
    }, { description: 'Ready without Paused' });
  });

  it('deleting the pattern deletes its children', async () => {
    await env.client.delete(PrismPatterns, NAME, env.namespace);
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Deployment, NAME, env.namespace)), { description: 'the Deployment to be garbage-collected' });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Service, NAME, env.namespace)), { description: 'the Service to be garbage-collected' });
  });
});
