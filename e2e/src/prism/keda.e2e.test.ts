// KEDA, the one file that installs its CRDs (cluster-wide; no other file may depend on their
// absence or presence), in order: without the CRDs a KEDA pattern reports KEDANotInstalled and
// nothing is made; installing the pinned CRDs (e2e/cluster/versions.env KEDA_VERSION) heals it
// without a touch; then the KEDA samples reach Ready with ScaledObjects the API server's own KEDA
// schema accepted, and switching hpa→keda→hpa leaves exactly one scaler each time.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import { resourceType, ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, PrismBackends, PrismPatterns, PrismStacks, ScaledObjects, TriggerAuthentications, waitForReady, type Resource } from './support.ts';

/** fetch_keda_crds puts them beside the crds/ that other suites apply whole. */
const kedaCrdDir = () => join(dirname(process.env['E2E_UPSTREAM_CRDS']!), 'keda-crds');
const KEDA_CRDS = ['scaledobjects.keda.sh', 'triggerauthentications.keda.sh', 'clustertriggerauthentications.keda.sh'];
const Nodes = resourceType('v1', 'Node', 'nodes', false);

/** A node kwok simulates (its annotation), labelled as the production sample's nodeSelector asks. */
async function applyDataIntensiveNode(client: KubeClient, name: string): Promise<void> {
  // Left cordoned by an earlier run on this cluster (other pods sat on it): open it again.
  if (await client.tryGet(Nodes, name)) return void (await client.patch(Nodes, name, undefined, { spec: { unschedulable: null } }));
  const resources = { cpu: '32', memory: '256Gi', pods: '110' };
  await client.create(Nodes, {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, annotations: { 'kwok.x-k8s.io/node': 'fake' }, labels: { 'kubernetes.io/hostname': name, type: 'kwok', workload: 'data-intensive' } },
    status: { allocatable: resources, capacity: resources },
  });
}

interface ScaledObject {
  metadata?: { name?: string };
  spec: { scaleTargetRef: { name: string }; minReplicaCount?: number; maxReplicaCount?: number; triggers: { type: string; metadata?: Record<string, string>; authenticationRef?: { name: string } }[] };
}

describe('Prism operator: KEDA', () => {
  const env = useOperator('prism-operator', 'prism-keda');
  const get = (name: string) => env.client.get<Resource>(PrismPatterns, name, env.namespace);
  const exists = async (type: typeof ScaledObjects, name: string) => Boolean(await env.client.tryGet(type, name, env.namespace));

  beforeAll(async () => {
    // A reused cluster may hold them from an earlier run; this file alone uses them.
    for (const crd of KEDA_CRDS) await env.client.tryDelete(ResourceTypes.CustomResourceDefinition, crd);
    await waitFor(async () => {
      for (const crd of KEDA_CRDS) if (await env.client.tryGet(ResourceTypes.CustomResourceDefinition, crd)) return false;
      return true;
    }, { description: 'KEDA CRDs from an earlier run to be gone' });
  });

  it('without KEDA the pattern is Ready=False KEDANotInstalled, and nothing is made', async () => {
    const [pattern] = example('prismpattern_keda_kafka_example', env.namespace);
    await env.client.create(PrismPatterns, pattern!);
    const blocked = await waitFor(async () => {
      const current = await get('consumer-kafka-orders');
      return condition(current, 'Ready')?.reason === 'KEDANotInstalled' && current;
    }, { description: 'the KEDANotInstalled condition' });
    expect(condition(blocked, 'Ready')).toMatchObject({ status: 'False', reason: 'KEDANotInstalled' });
    expect(blocked.status?.phase).toBe('Failed');
    expect(await exists(ResourceTypes.Deployment, 'consumer-kafka-orders')).toBe(false);
    expect(await exists(ResourceTypes.Service, 'consumer-kafka-orders')).toBe(false);
    expect(await exists(ResourceTypes.HorizontalPodAutoscaler, 'consumer-kafka-orders')).toBe(false);
  });

  it('installing KEDA\'s CRDs heals the pattern without a touch', async () => {
    for (const file of readdirSync(kedaCrdDir())) execFileSync('kubectl', ['apply', '--server-side', '-f', join(kedaCrdDir(), file)], { stdio: 'pipe' });
    for (const crd of KEDA_CRDS) execFileSync('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', `crd/${crd}`], { stdio: 'pipe' });
    // The operator looks again every 15 s and its discovery caches for 30 s.
    const healed = await waitForReady(env.client, PrismPatterns, 'consumer-kafka-orders', env.namespace, 150_000);
    expect(healed.status?.scaler).toBe('keda');
    const scaledObject = await env.client.get<ScaledObject>(ScaledObjects, 'consumer-kafka-orders', env.namespace);
    expect(scaledObject.spec).toMatchObject({ scaleTargetRef: { name: 'consumer-kafka-orders' }, minReplicaCount: 1, maxReplicaCount: 50 });
    expect(scaledObject.spec.triggers.map((t) => t.type)).toEqual(['kafka']);
    expect(await exists(ResourceTypes.HorizontalPodAutoscaler, 'consumer-kafka-orders')).toBe(false);
  }, 200_000);

  // Five nodes of its own: the sample asks for `workload: data-intensive` nodes and one runner per
  // node (required anti-affinity on the hostname), five at least. Until they exist the runners
  // cannot be scheduled, and Ready says so. They are made after the only
  // other consumer pod of this namespace was scheduled (its pods would count against the
  // anti-affinity), and cordoned afterwards; a node is deleted only if no pod, of any file, sits on it.
  it('the production sample is Unschedulable until five data-intensive nodes exist, then Ready with one runner on each', async () => {
    const nodes = ['prism-data-0', 'prism-data-1', 'prism-data-2', 'prism-data-3', 'prism-data-4'];
    try {
      const [pattern] = example('prismpattern_production_example', env.namespace);
      await env.client.create(PrismPatterns, pattern!);
      // No node matches yet: the runners cannot be scheduled, and the condition says why in the scheduler's words.
      const pending = await waitFor(async () => {
        const current = await get('consumer-production');
        return condition(current, 'Ready')?.reason === 'Unschedulable' && current;
      }, { description: 'Ready=False Unschedulable' });
      expect(condition(pending, 'Ready')).toMatchObject({ status: 'False' });
      expect(condition(pending, 'Ready')?.message).toMatch(/cannot be scheduled: .*didn't match Pod's node affinity\/selector/);
      for (const node of nodes) await applyDataIntensiveNode(env.client, node);
      const ready = await waitForReady(env.client, PrismPatterns, 'consumer-production', env.namespace, 150_000);
      expect(ready.status).toMatchObject({ scaler: 'keda', readyReplicas: 5 });
      const scaledObject = await env.client.get<ScaledObject>(ScaledObjects, 'consumer-production', env.namespace);
      expect(scaledObject.spec).toMatchObject({ minReplicaCount: 5, maxReplicaCount: 100 });
      const pods = await env.client.list<V1Pod>(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: 'prism.io/pattern-instance=consumer-production' });
      expect(pods.items.map((pod) => pod.spec?.nodeName).sort()).toEqual(nodes);
      expect(pods.items[0]?.spec?.containers[0]?.resources).toEqual({ requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '8', memory: '16Gi' } });
      await env.client.delete(PrismPatterns, 'consumer-production', env.namespace);
      await waitFor(async () => (await env.client.list(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: 'prism.io/pattern-instance=consumer-production' })).items.length === 0, {
        timeoutMs: 60_000,
        description: 'the production runners gone',
      });
    } finally {
      for (const node of nodes) if (await env.client.tryGet(Nodes, node)) await env.client.patch(Nodes, node, undefined, { spec: { unschedulable: true } });
      for (const node of nodes) {
        const onNode = await env.client.list<V1Pod>(ResourceTypes.Pod, { fieldSelector: `spec.nodeName=${node}` });
        if (onNode.items.length === 0) await env.client.tryDelete(Nodes, node);
      }
    }
  }, 200_000);

  it('the multi-trigger sample reaches Ready: four triggers, SQS credentials through a TriggerAuthentication', async () => {
    await env.client.create(ResourceTypes.Secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'aws-credentials', namespace: env.namespace },
      stringData: { AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: 'e2e-not-a-secret' },
    });
    const [backend, pattern] = example('prismpattern_keda_multi_trigger_example', env.namespace);
    await env.client.create(PrismBackends, backend!);
    await env.client.create(PrismPatterns, pattern!);
    await waitForReady(env.client, PrismPatterns, 'consumer-multi-source', env.namespace);
    const scaledObject = await env.client.get<ScaledObject>(ScaledObjects, 'consumer-multi-source', env.namespace);
    expect(scaledObject.spec.triggers.map((t) => t.type)).toEqual(['kafka', 'nats-jetstream', 'aws-sqs-queue', 'cpu']);
    expect(scaledObject.spec.triggers[2]?.authenticationRef?.name).toBe('consumer-multi-source-orders-sqs');
    expect(await exists(TriggerAuthentications, 'consumer-multi-source-orders-sqs')).toBe(true);
  });

  // The rest of the seed's trigger table, each on a PrismBackend of its kind: the ScaledObject and
  // one TriggerAuthentication per backend pass KEDA's own schema, filled in from the backends.
  it('rabbitmq, redis and postgresql triggers take their connection and credentials from their PrismBackends', async () => {
    await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'queue-credentials', namespace: env.namespace }, stringData: { username: 'prism', password: 'e2e-not-a-secret' } });
    const credentials = { secretName: 'queue-credentials' };
    const backends = [
      { name: 'orders-rabbit', spec: { type: 'rabbitmq', endpoints: ['rabbitmq:5672'], vhost: 'prism', credentials } },
      { name: 'jobs-redis', spec: { type: 'redis', endpoints: ['redis:6379'], database: '2', credentials } },
      { name: 'outbox-pg', spec: { type: 'postgresql', endpoints: ['postgres:5432'], database: 'outbox', credentials } },
    ];
    for (const { name, spec } of backends) await env.client.create(PrismBackends, { apiVersion: 'prism.io/v1alpha1', kind: 'PrismBackend', metadata: { name, namespace: env.namespace }, spec });
    const triggers = [
      { type: 'rabbitmq', backendRef: { name: 'orders-rabbit' }, metadata: { queueName: 'orders', queueLength: '500' } },
      { type: 'redis', backendRef: { name: 'jobs-redis' }, metadata: { listName: 'jobs', listLength: '1000' } },
      { type: 'postgresql', backendRef: { name: 'outbox-pg' }, metadata: { query: 'SELECT count(*) FROM outbox WHERE processed = false', targetQueryValue: '100' } },
    ];
    const name = 'consumer-every-backend';
    await env.client.create(PrismPatterns, {
      apiVersion: 'prism.io/v1alpha1',
      kind: 'PrismPattern',
      metadata: { name, namespace: env.namespace },
      spec: { pattern: 'consumer', backend: 'orders-rabbit', autoscaling: { enabled: true, scaler: 'keda', minReplicas: 1, maxReplicas: 10, triggers } },
    });
    await waitForReady(env.client, PrismPatterns, name, env.namespace);
    const scaledObject = await env.client.get<ScaledObject>(ScaledObjects, name, env.namespace);
    expect(scaledObject.spec.triggers.map((t) => [t.type, t.authenticationRef?.name])).toEqual([
      ['rabbitmq', `${name}-orders-rabbit`],
      ['redis', `${name}-jobs-redis`],
      ['postgresql', `${name}-outbox-pg`],
    ]);
    expect(scaledObject.spec.triggers.map((t) => t.metadata)).toEqual([
      expect.objectContaining({ host: 'amqp://rabbitmq:5672', vhostName: 'prism', queueName: 'orders' }),
      expect.objectContaining({ address: 'redis:6379', databaseIndex: '2', listName: 'jobs' }),
      expect.objectContaining({ host: 'postgres', port: '5432', dbName: 'outbox' }),
    ]);
    for (const backend of ['orders-rabbit', 'jobs-redis', 'outbox-pg']) expect(await exists(TriggerAuthentications, `${name}-${backend}`)).toBe(true);
    expect(JSON.stringify(scaledObject)).not.toContain('e2e-not-a-secret');
  });

  it('hpa → keda → hpa leaves exactly one scaler each time, and never takes replicas from it', async () => {
    const name = 'producer-kafka-events';
    const [pattern] = example('prismpattern_hpa_example', env.namespace);
    await env.client.create(PrismPatterns, pattern!);
    const scalers = async () => ({ hpa: await exists(ResourceTypes.HorizontalPodAutoscaler, name), keda: await exists(ScaledObjects, name) });
    const settle = async (scaler: 'hpa' | 'keda') => {
      const ready = await waitFor(async () => {
        const current = await get(name);
        return current.status?.scaler === scaler && current.status.observedGeneration === current.metadata.generation && condition(current, 'Ready')?.status === 'True' && current;
      }, { timeoutMs: 90_000, description: `scaler ${scaler} in place` });
      expect(await scalers()).toEqual({ hpa: scaler === 'hpa', keda: scaler === 'keda' });
      return ready;
    };
    await settle('hpa');
    const triggers = [{ type: 'kafka', metadata: { bootstrapServers: 'kafka:9092', consumerGroup: 'prism-events', topic: 'events', lagThreshold: '100' } }];
    await env.client.patch(PrismPatterns, name, env.namespace, { spec: { autoscaling: { scaler: 'keda', triggers, targetCPUUtilizationPercentage: null } } });
    await settle('keda');
    // An autoscaler's decision stands: the operator writes back the live count.
    await env.client.patch(ResourceTypes.Deployment, name, env.namespace, { spec: { replicas: 4 } });
    await env.client.patch(PrismPatterns, name, env.namespace, { spec: { autoscaling: { scaler: 'hpa', triggers: null, targetCPUUtilizationPercentage: 75 } } });
    await settle('hpa');
    expect((await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace)).spec?.replicas).toBe(4);
  });

  it('the PrismStack sample, with its KEDA pattern, reaches Ready', async () => {
    const [stack] = example('prismstack_example', env.namespace);
    await env.client.create(PrismStacks, stack!);
    await waitForReady(env.client, PrismStacks, 'prism', env.namespace, 150_000);
    expect(await exists(ScaledObjects, 'prism-orders-consumer')).toBe(true);
  }, 200_000);

  it('makes no write in the steady state', async () => {
    for (const name of ['consumer-kafka-orders', 'consumer-multi-source', 'producer-kafka-events']) await waitForReady(env.client, PrismPatterns, name, env.namespace);
    await sleep(3_000);
    const before = await env.operator.writesByResource();
    await sleep(12_000);
    expect(await env.operator.writesByResource()).toEqual(before);
  });
});
