import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import { ApiError, resourceType, ResourceTypes, type KubeObject } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { brokerPods, cluster, condition, StreamBusClusters, useStreamBusOperator, waitForPhase, type Sbc } from './support.ts';

const run = promisify(execFile);
const ResourceQuotas = resourceType('v1', 'ResourceQuota', 'resourcequotas');

/** A node label no kwok node has: the scheduler can place no broker that asks for it. */
const NO_SUCH_NODE = { 'streambus.e2e/no-such-node': 'true' };
const SCHEDULER_SAYS = /didn't match Pod's node affinity\/selector/;

const podReady = (pod: V1Pod) => pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

describe('StreamBus operator: status claims only what has happened', () => {
  const env = useStreamBusOperator('sb-status');

  const create = (name: string, spec: Record<string, unknown>) =>
    env.client.create<Sbc>(StreamBusClusters, { ...cluster(name, spec), metadata: { name, namespace: env.namespace } });

  /** Every status the API server stores for the cluster from now on, in order. */
  async function recordStatuses(name: string): Promise<{ seen: Sbc[]; stop: () => void }> {
    const current = await env.client.get<Sbc & { metadata: { resourceVersion?: string } }>(StreamBusClusters, name, env.namespace);
    const abort = new AbortController();
    const seen: Sbc[] = [];
    void (async () => {
      const events = env.client.watch<Sbc>(StreamBusClusters, { namespace: env.namespace, fieldSelector: `metadata.name=${name}`, resourceVersion: current.metadata.resourceVersion!, signal: abort.signal, timeoutSeconds: 300 });
      for await (const event of events) if (event.type === 'MODIFIED') seen.push(event.object);
    })().catch(() => undefined);
    return { seen, stop: () => abort.abort() };
  }

  it('after an image change, is not Ready for the new generation before the new brokers are, and kubectl wait is not fooled', async () => {
    await create('image', {});
    await waitForPhase(env.client, env.namespace, 'image', 'Running');
    const statuses = await recordStatuses('image');
    const patched = await env.client.patch<Sbc>(StreamBusClusters, 'image', env.namespace, { spec: { image: { tag: 'v0.7.0' } } });
    const generation = patched.metadata.generation!;

    // kubectl wait skips conditions whose observedGeneration is older than the object's.
    await run('kubectl', ['wait', '--for=condition=Ready', '--timeout=120s', '-n', env.namespace, 'streambuscluster/image']);
    const pods = await brokerPods(env.client, env.namespace, 'image');
    expect(pods.map((p) => `${p.metadata!.name}:${p.spec!.containers[0]!.image}:${podReady(p)}`).sort()).toEqual([
      'image-0:streambus/broker:v0.7.0:true', 'image-1:streambus/broker:v0.7.0:true', 'image-2:streambus/broker:v0.7.0:true',
    ]);
    statuses.stop();

    const first = statuses.seen.find((c) => c.status?.observedGeneration === generation);
    expect(first).toBeDefined();
    expect({ phase: first!.status?.phase, ready: condition(first, 'Ready')?.status }).not.toEqual({ phase: 'Running', ready: 'True' });
    expect(condition(first, 'Ready')?.status).toBe('False');
  }, 180_000);

  it('while paused with a changed spec, says Paused, keeps observedGeneration at what was applied, and skips the Secret checks', async () => {
    await create('hold', { replicas: 1 });
    const running = await waitForPhase(env.client, env.namespace, 'hold', 'Running');
    const applied = running.metadata.generation!;
    await env.client.patch(StreamBusClusters, 'hold', env.namespace, {
      metadata: { annotations: { 'streambus.io/pause-reconciliation': 'true' } },
      // A change, and one naming a Secret that does not exist: neither may be acted on or reported as a failure.
      spec: { image: { tag: 'v0.7.0' }, security: { tls: { enabled: true, certSecretName: 'absent-tls' } } },
    });
    const paused = await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'hold', env.namespace);
      return condition(c, 'Paused')?.status === 'True' && c;
    }, { description: 'Paused condition' });
    expect(paused.metadata.generation).toBeGreaterThan(applied);
    expect(paused.status?.observedGeneration).toBe(applied);
    expect(condition(paused, 'Ready')).toMatchObject({ status: 'True', reason: 'ReconciliationPaused', observedGeneration: applied });
    expect(condition(paused, 'Ready')?.reason).not.toBe('SecretNotFound');
    const sts = await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'hold', env.namespace);
    expect(sts.spec?.template.spec?.containers[0]?.image).toBe('streambus/broker:v0.6.0');

    await env.client.patch(StreamBusClusters, 'hold', env.namespace, { metadata: { annotations: { 'streambus.io/pause-reconciliation': null } } });
    const resumed = await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'hold', env.namespace);
      return condition(c, 'Ready')?.reason === 'SecretNotFound' && c;
    }, { description: 'the Secret check once resumed' });
    expect(resumed.status?.observedGeneration).toBe(resumed.metadata.generation);
  });

  it('rejects adding or removing storage.class at admission, naming the field', async () => {
    const rejected = async (name: string, storage: Record<string, unknown>) => {
      const err: unknown = await env.client.patch(StreamBusClusters, name, env.namespace, { spec: { storage } }).then(() => undefined, (e: unknown) => e);
      expect(err instanceof ApiError && err.statusCode === 422).toBe(true);
      return (err as Error).message;
    };
    await create('noclass', { replicas: 1 });
    expect(await rejected('noclass', { class: 'standard' })).toMatch(/spec\.storage.*storage\.class/s);
    await create('withclass', { replicas: 1, storage: { class: 'standard' } });
    expect(await rejected('withclass', { class: null })).toMatch(/spec\.storage.*storage\.class/s);
    await waitForPhase(env.client, env.namespace, 'withclass', 'Running');
  });

  it('says why brokers cannot be scheduled, in the scheduler\'s words', async () => {
    await create('nowhere', { replicas: 2, nodeSelector: NO_SUCH_NODE });
    const stuck = await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'nowhere', env.namespace);
      return SCHEDULER_SAYS.test(condition(c, 'Ready')?.message ?? '') && c;
    }, { description: 'the scheduler\'s reason in the Ready message' });
    expect(condition(stuck, 'Ready')).toMatchObject({ status: 'False' });
    expect(condition(stuck, 'Ready')?.message).toMatch(/Unschedulable/);
    expect(condition(stuck, 'Progressing')?.message).toMatch(SCHEDULER_SAYS);
  });

  it('turns Degraded once a rollout makes no progress for progressDeadlineSeconds, naming the broker it waits for', async () => {
    await create('deadline', { replicas: 2, progressDeadlineSeconds: 10 });
    await waitForPhase(env.client, env.namespace, 'deadline', 'Running');
    // The rolled broker lands on no node, so it never becomes ready and the rollout cannot go on.
    await env.client.patch(StreamBusClusters, 'deadline', env.namespace, { spec: { nodeSelector: NO_SUCH_NODE } });
    const updating = await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'deadline', env.namespace);
      return c.status?.observedGeneration === c.metadata.generation && c.status?.phase === 'Updating' && c;
    }, { description: 'the rollout to start' });
    expect(condition(updating, 'Degraded')?.status).toBe('False');
    const degraded = await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'deadline', env.namespace);
      return condition(c, 'Degraded')?.status === 'True' && c;
    }, { timeoutMs: 60_000, description: 'Degraded=True after the progress deadline' });
    expect(condition(degraded, 'Degraded')?.reason).toBe('ProgressDeadlineExceeded');
    expect(condition(degraded, 'Degraded')?.message).toMatch(/deadline-1/);
    expect(condition(degraded, 'Ready')?.status).toBe('False');
  });

  // Last in the file: the quota counts every pod of the namespace, the other tests' included.
  it('says why brokers cannot be created, in the quota\'s words', async () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pods', namespace: env.namespace }, spec: { hard: { pods: '1000' } } };
    await env.client.create(ResourceQuotas, quota);
    const read = () => env.client.get<KubeObject & { status?: { hard?: { pods?: string }; used?: { pods?: string } } }>(ResourceQuotas, 'pods', env.namespace);
    const used = await waitFor(async () => (await read()).status?.used?.pods, { description: 'the quota controller to count the pods' });
    // Room for one more pod: the second broker cannot be created.
    await env.client.patch(ResourceQuotas, 'pods', env.namespace, { spec: { hard: { pods: String(Number(used) + 1) } } });
    await waitFor(async () => (await read()).status?.hard?.pods === String(Number(used) + 1), { description: 'the new limit in force' });
    await create('quota', { replicas: 2 });
    const stuck = await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'quota', env.namespace);
      return /exceeded quota/.test(condition(c, 'Ready')?.message ?? '') && c;
    }, { description: 'the quota\'s reason in the Ready message' });
    expect(condition(stuck, 'Ready')).toMatchObject({ status: 'False' });
    expect(condition(stuck, 'Ready')?.message).toMatch(/FailedCreate: .*quota-\d/);
    await env.client.delete(ResourceQuotas, 'pods', env.namespace);
  });
});
