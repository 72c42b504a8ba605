// A PrismBackend with credentials and TLS by Secret reference: the backend is Ready only once
// every Secret and key exists (checked by key name), its pattern's runners read the credentials
// through secretKeyRef, and no credential value ever appears in the operator's logs, in Events or
// in any status.
import type { EventsV1Event, V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, PrismBackends, PrismPatterns, waitForReady, type Resource } from './support.ts';

const PASSWORD = 'e2e-pw-7f3a91c2d4';
const USERNAME = 'e2e-user-b81d0e';

describe('Prism operator: PrismBackend credentials', () => {
  const env = useOperator('prism-operator', 'prism-backend');
  const secret = (name: string, stringData: Record<string, string>) =>
    env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: env.namespace }, stringData });

  it('a backend whose Secret lacks a key is not Ready, naming the key and never a value', async () => {
    await secret('kafka-credentials', { username: USERNAME });
    await secret('kafka-ca', { 'ca.crt': 'not-a-real-ca' });
    const [backend] = example('prismbackend_kafka_example', env.namespace);
    await env.client.create(PrismBackends, backend!);
    const notReady = await waitFor(async () => {
      const current = await env.client.get<Resource>(PrismBackends, 'kafka-production', env.namespace);
      return condition(current, 'Ready')?.reason === 'SecretKeyNotFound' && current;
    }, { description: 'SecretKeyNotFound' });
    expect(condition(notReady, 'Ready')?.message).toContain('"password" in Secret "kafka-credentials"');
    // And a Warning Event, for `kubectl describe prismbackend`.
    const warning = await waitFor(async () => {
      const events = await env.client.list<EventsV1Event>(ResourceTypes.Event, { namespace: env.namespace });
      return events.items.find((e) => e.reason === 'SecretKeyNotFound' && e.regarding?.name === 'kafka-production');
    }, { description: 'a SecretKeyNotFound Event on the PrismBackend' });
    expect(warning).toMatchObject({ type: 'Warning', regarding: { kind: 'PrismBackend' } });
    expect(warning.note).toContain('"password" in Secret "kafka-credentials"');
  });

  it('adding the key makes the backend Ready, and a pattern on it gets the credentials by reference', async () => {
    await env.client.patch(ResourceTypes.Secret, 'kafka-credentials', env.namespace, { stringData: { password: PASSWORD } });
    await waitForReady(env.client, PrismBackends, 'kafka-production', env.namespace, 60_000);
    const [pattern] = example('prismpattern_hpa_example', env.namespace);
    await env.client.create(PrismPatterns, { ...pattern!, spec: { ...pattern!.spec, backend: 'kafka-production' } });
    const ready = await waitForReady(env.client, PrismPatterns, 'producer-kafka-events', env.namespace);
    expect(ready.status).toMatchObject({ backendType: 'kafka' });
    const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'producer-kafka-events', env.namespace);
    const env_ = deployment.spec?.template.spec?.containers[0]?.env ?? [];
    expect(env_.filter((v) => v.valueFrom?.secretKeyRef?.name === 'kafka-credentials').map((v) => v.valueFrom?.secretKeyRef?.key).sort()).toEqual(['password', 'username']);
    expect(JSON.stringify(deployment)).not.toContain(PASSWORD);
    // The connection as environment, the CA from its Secret as a read-only volume.
    const byName = new Map(env_.map((v) => [v.name, v.value]));
    expect(Object.fromEntries(['PRISM_BACKEND_TYPE', 'PRISM_BACKEND_ENDPOINTS', 'PRISM_BACKEND_SASL_MECHANISM', 'PRISM_BACKEND_TLS'].map((k) => [k, byName.get(k)]))).toEqual({
      PRISM_BACKEND_TYPE: 'kafka',
      PRISM_BACKEND_ENDPOINTS: 'kafka-0.kafka:9093,kafka-1.kafka:9093,kafka-2.kafka:9093',
      PRISM_BACKEND_SASL_MECHANISM: 'scram-sha-512',
      PRISM_BACKEND_TLS: 'true',
    });
    const pod = deployment.spec?.template.spec;
    const caVolume = pod?.volumes?.find((v) => v.secret?.secretName === 'kafka-ca');
    expect(caVolume).toBeDefined();
    expect(pod?.containers[0]?.volumeMounts?.find((m) => m.name === caVolume?.name)).toMatchObject({ mountPath: '/etc/prism/backend/ca', readOnly: true });
  });

  it('no credential value appears in the operator\'s logs, Events or status', async () => {
    const events = await env.client.list<EventsV1Event>(ResourceTypes.Event, { namespace: env.namespace });
    const statuses = [
      await env.client.get<Resource>(PrismBackends, 'kafka-production', env.namespace),
      await env.client.get<Resource>(PrismPatterns, 'producer-kafka-events', env.namespace),
    ].map((r) => r.status);
    for (const text of [env.operator.logs(), JSON.stringify(events.items), JSON.stringify(statuses)]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(USERNAME);
    }
    expect(events.items.length).toBeGreaterThan(0);
  });
});
