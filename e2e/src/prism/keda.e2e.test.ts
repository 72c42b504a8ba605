// KEDA, the one file that installs its CRDs (cluster-wide; no other file may depend on their
// absence or presence), in order: without the CRDs a KEDA pattern reports KEDANotInstalled and
// nothing is made; installing the pinned CRDs (e2e/cluster/versions.env KEDA_VERSION) heals it
// without a touch; then the KEDA samples reach Ready with ScaledObjects the API server's own KEDA
// schema accepted, and switching hpa→keda→hpa leaves exactly one scaler each time.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, PrismBackends, PrismPatterns, PrismStacks, ScaledObjects, TriggerAuthentications, waitForReady, type Resource } from './support.ts';

/** fetch_keda_crds puts them beside the crds/ that other suites apply whole. */
const kedaCrdDir = () => join(dirname(process.env['E2E_UPSTREAM_CRDS']!), 'keda-crds');
const KEDA_CRDS = ['scaledobjects.keda.sh', 'triggerauthentications.keda.sh', 'clustertriggerauthentications.keda.sh'];

interface ScaledObject {
  metadata?: { name?: string };
  spec: { scaleTargetRef: { name: string }; minReplicaCount?: number; maxReplicaCount?: number; triggers: { type: string; authenticationRef?: { name: string } }[] };
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
