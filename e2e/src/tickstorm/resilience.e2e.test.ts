// The operator killed in the middle of a rollout converges after its restart; a Secret the spec
// names but that does not exist is reported (Ready=False, SecretNotFound) until it appears; the
// generated password never reaches a log line; pods that cannot be scheduled or created are
// reported in the scheduler's or the API server's words.
import type { V1Deployment, V1Secret } from '@kubernetes/client-node';
import { resourceType, ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, giveNodesEphemeralStorage, tickStorm, TickStorms, waitForReady, type TickStormObject } from './support.ts';

describe('Tick-Storm operator: restarts and missing Secrets', () => {
  const env = useOperator('tickstorm-operator', 'tickstorm-resilience');
  beforeAll(() => giveNodesEphemeralStorage(env.client));
  const create = (resource: TickStormObject) => env.client.create(TickStorms, { ...resource, metadata: { ...resource.metadata, namespace: env.namespace } });

  it('converges after being killed in the middle of a rollout', async () => {
    await create(tickStorm('crash', { replicas: 3 }));
    await waitForReady(env.client, env.namespace, 'crash');
    await env.client.patch(TickStorms, 'crash', env.namespace, { spec: { image: { tag: 'v2' } } });
    await waitFor(async () => (await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'crash', env.namespace)).spec?.template.spec?.containers[0]?.image === 'tickstorm:v2', { intervalMs: 50, description: 'the rollout to start' });
    await env.operator.kill();
    await env.operator.start();
    const ready = await waitForReady(env.client, env.namespace, 'crash');
    const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'crash', env.namespace);
    expect(deployment.status?.updatedReplicas).toBe(3);
    expect(ready.status?.readyReplicas).toBe(3);
  });

  it('removes a field dropped from the spec while it was down from the child', async () => {
    const template = async () => (await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'crash', env.namespace)).spec?.template.metadata?.annotations ?? {};
    await env.client.patch(TickStorms, 'crash', env.namespace, { spec: { podAnnotations: { 'example.com/team': 'trading' } } });
    await waitFor(async () => (await template())['example.com/team'] === 'trading', { description: 'the pod annotation' });
    await env.operator.kill();
    await env.client.patch(TickStorms, 'crash', env.namespace, { spec: { podAnnotations: null } });
    await env.operator.start();
    await waitFor(async () => !('example.com/team' in (await template())), { description: 'the pod annotation to be removed after the restart' });
    await waitForReady(env.client, env.namespace, 'crash');
  });

  it('never logs the generated password', async () => {
    const secret = await env.client.get<V1Secret>(ResourceTypes.Secret, 'crash-auth', env.namespace);
    const password = Buffer.from(secret.data!['password']!, 'base64').toString();
    expect(env.operator.logs()).not.toContain(password);
  });

  it('reports a named auth Secret that does not exist, and recovers when it is created', async () => {
    await create(tickStorm('byo', { replicas: 1, auth: { secretName: 'byo-credentials' } }));
    await waitFor(async () => condition(await env.client.get<TickStormObject>(TickStorms, 'byo', env.namespace), 'Ready')?.reason === 'SecretNotFound', { description: 'Ready=False SecretNotFound' });
    const events = await env.client.list<{ metadata?: { name?: string }; reason?: string; regarding?: { name?: string }; note?: string }>(ResourceTypes.Event, { namespace: env.namespace });
    expect(events.items.some((e) => e.reason === 'SecretNotFound' && e.regarding?.name === 'byo' && e.note?.includes('byo-credentials'))).toBe(true);
    await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'byo-credentials', namespace: env.namespace }, stringData: { username: 'u', password: 'p' } });
    await waitForReady(env.client, env.namespace, 'byo', 60_000);
    expect(await env.client.tryGet(ResourceTypes.Secret, 'byo-auth', env.namespace)).toBeUndefined();
  });

  it('mounts a TLS Secret the spec names once it exists, and says so while it does not', async () => {
    await create(tickStorm('own-tls', { replicas: 1, tls: { secretName: 'own-tls-cert' } }));
    const waiting = await waitFor(async () => {
      const current = await env.client.get<TickStormObject>(TickStorms, 'own-tls', env.namespace);
      return condition(current, 'Ready')?.reason === 'SecretNotFound' && current;
    }, { description: 'Ready=False SecretNotFound' });
    expect(condition(waiting, 'Ready')?.message).toContain('own-tls-cert');
    expect(await env.client.tryGet(ResourceTypes.Deployment, 'own-tls', env.namespace)).toBeUndefined();
    await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'own-tls-cert', namespace: env.namespace }, stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    await waitForReady(env.client, env.namespace, 'own-tls', 60_000);
    const volumes = (await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'own-tls', env.namespace)).spec?.template.spec?.volumes ?? [];
    expect(volumes.map((v) => v.secret?.secretName)).toContain('own-tls-cert');
  });

  it('says why pods cannot be scheduled, in the scheduler\'s words', async () => {
    await create(tickStorm('stranded', { replicas: 1, nodeSelector: { 'tickstorm.example/pool': 'nowhere' } }));
    const stranded = await waitFor(async () => {
      const current = await env.client.get<TickStormObject>(TickStorms, 'stranded', env.namespace);
      return /node affinity\/selector/.test(condition(current, 'Ready')?.message ?? '') && current;
    }, { description: 'Ready to quote the scheduler' });
    expect(condition(stranded, 'Ready')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
  });

  // Last: the quota holds for the whole namespace.
  it('says why pods cannot be created, in the API server\'s words (a namespace quota set by hand)', async () => {
    await env.client.create(resourceType('v1', 'ResourceQuota', 'resourcequotas'), { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods', namespace: env.namespace }, spec: { hard: { pods: '0' } } });
    await create(tickStorm('forbidden', { replicas: 1 }));
    const forbidden = await waitFor(async () => {
      const current = await env.client.get<TickStormObject>(TickStorms, 'forbidden', env.namespace);
      return /exceeded quota/.test(condition(current, 'Ready')?.message ?? '') && current;
    }, { description: 'Ready to quote the quota' });
    expect(condition(forbidden, 'Ready')?.status).toBe('False');
  });
});
