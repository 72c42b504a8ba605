// One TickStorm through its life: a limits change and a config change each roll out once (the new
// env, the new config hash), a hand edit of the Deployment and a hand-deleted NetworkPolicy are put
// back, a LoadBalancer address shows in status.endpoint, `kubectl scale tickstorm` works, autoscaling
// takes replicas over without a dip and the operator leaves the HPA's replicas alone, removing
// optional fields removes their objects, invalid specs (every CEL rule of the issue) are rejected
// naming the field, the steady state makes no write, and deletion keeps the credentials.
import { execFileSync } from 'node:child_process';
import type { V1ConfigMap, V1Deployment, V1ReplicaSet, V1Secret, V1Service } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, expectedRuntimeEnv, giveNodesEphemeralStorage, readyForGeneration, serverEnv, settledWrites, tickStorm, TickStorms, waitForReady, type TickStormObject } from './support.ts';

const NAME = 'ts-life';
const CONFIG_HASH = 'tickstorm.io/config-hash';
const ResourceQuotas = { apiVersion: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true };
const LimitRanges = { apiVersion: 'v1', kind: 'LimitRange', plural: 'limitranges', namespaced: true };

describe('Tick-Storm lifecycle', () => {
  const env = useOperator('tickstorm-operator', 'tickstorm-life');
  beforeAll(() => giveNodesEphemeralStorage(env.client));
  const get = () => env.client.get<TickStormObject>(TickStorms, NAME, env.namespace);
  const deployment = () => env.client.get<V1Deployment>(ResourceTypes.Deployment, NAME, env.namespace);
  /** The generated credentials as first created: every update and the deletion keep them. */
  let credentials: V1Secret['data'];
  const exists = async (type: typeof ResourceQuotas, name: string) => Boolean(await env.client.tryGet(type, name, env.namespace));

  it('reaches Ready with the NetworkPolicy and the namespace guard', async () => {
    await env.client.create(TickStorms, { ...tickStorm(NAME, { networkPolicy: {}, namespaceGuard: {} }), metadata: { name: NAME, namespace: env.namespace } });
    await waitForReady(env.client, env.namespace, NAME);
    credentials = (await env.client.get<V1Secret>(ResourceTypes.Secret, `${NAME}-auth`, env.namespace)).data;
    expect(await exists(ResourceTypes.NetworkPolicy, `${NAME}-netpol`)).toBe(true);
    expect(await exists(ResourceQuotas, `${NAME}-quota`)).toBe(true);
    expect(await exists(LimitRanges, `${NAME}-limits`)).toBe(true);
  });

  it('rolls a limits change out once, with the runtime env derived from the new limits', async () => {
    const before = await deployment();
    const limits = { cpu: '3', memory: '4Gi' };
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { resources: { limits } } });
    await waitForReady(env.client, env.namespace, NAME);
    const after = await deployment();
    expect(after.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    expect(await serverEnv(env.client, env.namespace, NAME)).toMatchObject(expectedRuntimeEnv(limits));
    const replicaSets = await env.client.list<V1ReplicaSet>(ResourceTypes.ReplicaSet, { namespace: env.namespace, labelSelector: `app.kubernetes.io/instance=${NAME}` });
    expect(replicaSets.items).toHaveLength(2);
  });

  it('applies an explicit GOMAXPROCS and says so in status.effectiveRuntime, and derives it again once removed', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { runtime: { gomaxprocs: 5 } } });
    const explicit = await waitForReady(env.client, env.namespace, NAME);
    expect(explicit.status?.effectiveRuntime?.gomaxprocs).toMatchObject({ value: '5', source: 'Explicit' });
    expect((await serverEnv(env.client, env.namespace, NAME))['GOMAXPROCS']).toBe('5');
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { runtime: { gomaxprocs: null } } });
    const derived = await waitForReady(env.client, env.namespace, NAME);
    expect(derived.status?.effectiveRuntime?.gomaxprocs).toMatchObject({ value: '3', source: 'Derived' });
    expect((await serverEnv(env.client, env.namespace, NAME))['GOMAXPROCS']).toBe('3');
  });

  it('rolls a config change out once, through the config hash on the pod template', async () => {
    const before = await deployment();
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { config: { 'log-level': 'debug' } } });
    await waitForReady(env.client, env.namespace, NAME);
    const configMap = await env.client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${NAME}-config`, env.namespace);
    expect(configMap.data).toMatchObject({ 'log-level': 'debug' });
    const after = await deployment();
    expect(after.metadata?.generation).toBe((before.metadata?.generation ?? 0) + 1);
    const hash = (d: V1Deployment) => d.spec?.template.metadata?.annotations?.[CONFIG_HASH];
    expect(hash(after)).toBeDefined();
    expect(hash(after)).not.toBe(hash(before));
  });

  it('puts back a hand edit of the Deployment, with a DriftCorrected Event', async () => {
    await env.client.patch(ResourceTypes.Deployment, NAME, env.namespace, { spec: { template: { spec: { containers: [{ name: 'tick-storm', image: 'someone/else:1' }] } } } }, 'strategic');
    await waitFor(async () => (await deployment()).spec?.template.spec?.containers[0]?.image !== 'someone/else:1', { description: 'the image to be put back' });
    const events = await env.client.list<{ metadata?: { name?: string }; reason?: string; regarding?: { name?: string }; note?: string }>(ResourceTypes.Event, { namespace: env.namespace });
    expect(events.items.some((e) => e.reason === 'DriftCorrected' && e.regarding?.name === NAME && e.note?.includes(`Deployment ${NAME}`))).toBe(true);
    await waitForReady(env.client, env.namespace, NAME);
  });

  it('puts back a hand-deleted NetworkPolicy', async () => {
    await env.client.delete(ResourceTypes.NetworkPolicy, `${NAME}-netpol`, env.namespace);
    await waitFor(() => exists(ResourceTypes.NetworkPolicy, `${NAME}-netpol`), { description: 'the NetworkPolicy to come back' });
  });

  it('shows a LoadBalancer address written into the Service status in status.endpoint', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { service: { type: 'LoadBalancer' } } });
    await waitFor(async () => (await env.client.get<V1Service>(ResourceTypes.Service, `${NAME}-service`, env.namespace)).spec?.type === 'LoadBalancer', { description: 'the Service to become a LoadBalancer' });
    await env.client.patch(ResourceTypes.Service, `${NAME}-service`, env.namespace, { status: { loadBalancer: { ingress: [{ ip: '203.0.113.9' }] } } }, 'merge', 'status');
    await waitFor(async () => (await get()).status?.endpoint === '203.0.113.9:8080', { description: 'status.endpoint to show the LoadBalancer address' });
  });

  it('scales with kubectl scale tickstorm (the scale subresource) while autoscaling is off', async () => {
    execFileSync('kubectl', ['scale', 'tickstorm', NAME, '--replicas=3', '-n', env.namespace], { stdio: 'pipe' });
    await waitFor(async () => (await deployment()).spec?.replicas === 3, { description: 'the Deployment to have 3 replicas' });
    await waitForReady(env.client, env.namespace, NAME);
    expect((await get()).status?.replicas).toBe(3);
  });

  it('hands replicas to the HPA without resetting them', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { autoscaling: { minReplicas: 1, maxReplicas: 5 } } });
    await waitFor(() => exists(ResourceTypes.HorizontalPodAutoscaler, `${NAME}-hpa`), { description: 'the HPA' });
    await waitFor(async () => (await deployment()).metadata?.annotations?.['tickstorm.io/replicas-from'] === 'autoscaler', { description: 'the Deployment to be applied without replicas' });
    // The HPA has no metrics here and keeps 3 (within 1..5); released to the default, replicas would be 1.
    for (let i = 0; i < 6; i++) {
      expect((await deployment()).spec?.replicas).toBe(3);
      await sleep(1_000);
    }
  });

  it('leaves the replicas the HPA sets alone', async () => {
    // What the HPA controller writes when it scales: the Deployment's scale subresource.
    await env.client.patch(ResourceTypes.Deployment, NAME, env.namespace, { spec: { replicas: 4 } }, 'merge', 'scale');
    await sleep(12_000); // two resync periods (--resync-period=5s) and then some
    expect((await deployment()).spec?.replicas).toBe(4);
    await env.client.patch(ResourceTypes.Deployment, NAME, env.namespace, { spec: { replicas: 3 } }, 'merge', 'scale');
  });

  it('removes the HPA, the NetworkPolicy and the namespace guard when their fields go', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { autoscaling: null, networkPolicy: null, namespaceGuard: null } });
    await waitFor(async () => !(await exists(ResourceTypes.HorizontalPodAutoscaler, `${NAME}-hpa`)) && !(await exists(ResourceTypes.NetworkPolicy, `${NAME}-netpol`)) && !(await exists(ResourceQuotas, `${NAME}-quota`)) && !(await exists(LimitRanges, `${NAME}-limits`)), { description: 'the optional children to be deleted' });
    expect((await deployment()).spec?.replicas).toBe(3);
    await waitForReady(env.client, env.namespace, NAME);
  });

  it('changes nothing while paused, and applies the change once unpaused', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { metadata: { annotations: { 'tickstorm.io/pause-reconciliation': 'true' } }, spec: { replicas: 2 } });
    await waitFor(async () => condition(await get(), 'Paused')?.status === 'True', { description: 'Paused=True' });
    await sleep(2_000);
    expect((await deployment()).spec?.replicas).toBe(3);
    const paused = await get();
    expect(paused.status?.observedGeneration).toBeLessThan(paused.metadata.generation!);
    await env.client.patch(TickStorms, NAME, env.namespace, { metadata: { annotations: { 'tickstorm.io/pause-reconciliation': null } } });
    await waitFor(async () => (await deployment()).spec?.replicas === 2, { description: 'the change to be applied after the pause' });
    await waitForReady(env.client, env.namespace, NAME);
    expect(condition(await get(), 'Paused')).toBeUndefined();
  });

  it.each([
    ['requests above limits', { resources: { requests: { cpu: '4' }, limits: { cpu: '2' } } }, 'spec.resources.requests.cpu'],
    ['minReplicas above maxReplicas', { autoscaling: { minReplicas: 5, maxReplicas: 2 } }, 'minReplicas'],
    ['GOMEMLIMIT at the memory limit', { runtime: { gomemlimit: '2Gi' }, resources: { limits: { memory: '2Gi' } } }, 'gomemlimit'],
    ['a memory ulimit below GOMEMLIMIT', { runtime: { gomemlimit: '1500Mi' }, ulimits: { maxMemorySize: '1Gi' }, resources: { limits: { memory: '2Gi' } } }, 'spec.ulimits.maxMemorySize'],
    ['a memory ulimit at the memory limit', { ulimits: { maxMemorySize: '2Gi' }, resources: { limits: { memory: '2Gi' } } }, 'spec.ulimits.maxMemorySize'],
    ['a quota too small for maxReplicas × limits', { autoscaling: { minReplicas: 2, maxReplicas: 10 }, resources: { limits: { memory: '2Gi' } }, namespaceGuard: { resourceQuota: { hard: { 'limits.memory': '8Gi' } } } }, "spec.namespaceGuard.resourceQuota.hard: Invalid value: namespaceGuard.resourceQuota.hard['limits.memory'] must hold"],
  ])('rejects %s, naming the field', async (_case, spec, field) => {
    const error = await env.client.create(TickStorms, { ...tickStorm('ts-invalid', spec), metadata: { name: 'ts-invalid', namespace: env.namespace } }).then(() => undefined, (err: Error) => err);
    expect(error?.message).toContain(field);
  });

  it('rejects a name too long for the Services derived from it, naming metadata.name', async () => {
    const name = `ts-${'x'.repeat(55)}`;
    const error = await env.client.create(TickStorms, { ...tickStorm(name), metadata: { name, namespace: env.namespace } }).then(() => undefined, (err: Error) => err);
    expect(error?.message).toContain('metadata.name must be a DNS-1035 label');
  });

  it('makes no write in the steady state', async () => {
    await waitFor(async () => readyForGeneration(await get()), { description: 'Ready' });
    const before = await settledWrites(env.operator);
    await sleep(12_000); // two resync periods (--resync-period=5s) and then some
    expect(await env.operator.writesByResource()).toEqual(before);
    expect(condition(await get(), 'Ready')?.status).toBe('True');
  }, 180_000);

  it('gives the generated Secret an owner reference only while deleteGeneratedSecretOnDelete asks', async () => {
    const owners = async () => (await env.client.get<V1Secret>(ResourceTypes.Secret, `${NAME}-auth`, env.namespace)).metadata?.ownerReferences?.map((o) => o.kind) ?? [];
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { auth: { deleteGeneratedSecretOnDelete: true } } });
    await waitFor(async () => (await owners()).includes('TickStorm'), { description: 'the Secret to be owned by the TickStorm' });
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { auth: { deleteGeneratedSecretOnDelete: false } } });
    await waitFor(async () => (await owners()).length === 0, { description: 'the owner reference to be removed' });
  });

  it('deletes its children with it but keeps the generated credentials, unchanged since creation', async () => {
    await env.client.delete(TickStorms, NAME, env.namespace);
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Deployment, NAME, env.namespace)), { description: 'the Deployment to be garbage-collected' });
    await sleep(2_000);
    const secretAfter = await env.client.get<V1Secret>(ResourceTypes.Secret, `${NAME}-auth`, env.namespace);
    expect(secretAfter.data).toEqual(credentials);
  });

  it('deletes the generated credentials with the TickStorm when auth.deleteGeneratedSecretOnDelete asks', async () => {
    const name = 'ts-owned';
    await env.client.create(TickStorms, { ...tickStorm(name, { replicas: 1, auth: { deleteGeneratedSecretOnDelete: true } }), metadata: { name, namespace: env.namespace } });
    await waitForReady(env.client, env.namespace, name);
    expect(await env.client.tryGet(ResourceTypes.Secret, `${name}-auth`, env.namespace)).toBeDefined();
    await env.client.delete(TickStorms, name, env.namespace);
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Secret, `${name}-auth`, env.namespace)), { description: 'the generated Secret to be garbage-collected' });
  });
});
