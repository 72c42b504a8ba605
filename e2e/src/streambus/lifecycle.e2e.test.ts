import type { V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { brokerPods, claimNames, cluster, condition, eventsFor, example, StreamBusClusters, useStreamBusOperator, waitForPhase, type Sbc } from './support.ts';

describe('StreamBus operator: lifecycle', () => {
  const env = useStreamBusOperator('sb-life');

  it.each(['minimal-cluster.yaml', 'dev-cluster.yaml', 'production-cluster.yaml', 'multi-tenant-cluster.yaml', 'secure-cluster.yaml'])(
    'example %s reaches Running with its endpoints',
    async (file) => {
      const c = example(file);
      if (file === 'secure-cluster.yaml') {
        for (const name of ['streambus-tls-certs', 'streambus-ca-cert']) {
          await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: env.namespace }, stringData: { 'tls.crt': 'test', 'tls.key': 'test', 'ca.crt': 'test' } });
        }
      }
      await env.client.create(StreamBusClusters, { ...c, metadata: { ...c.metadata, namespace: env.namespace } });
      const running = await waitForPhase(env.client, env.namespace, c.metadata.name, 'Running');
      const replicas = c.spec.replicas ?? 3;
      expect(running.status?.readyReplicas).toBe(replicas);
      expect(running.status?.endpoints).toHaveLength(replicas);
      expect(running.status?.endpoints?.[0]).toBe(`${c.metadata.name}-0.${c.metadata.name}-headless.${env.namespace}.svc:9092`);
      expect(condition(running, 'Ready')?.status).toBe('True');
      await env.client.delete(StreamBusClusters, c.metadata.name, env.namespace);
    },
  );

  it('rolls an image change broker by broker, highest ordinal first, and ends Running', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('roll'), metadata: { name: 'roll', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'roll', 'Running');
    const before = new Map((await brokerPods(env.client, env.namespace, 'roll')).map((p) => [p.metadata!.name!, p.metadata!.uid!]));
    await env.client.patch(StreamBusClusters, 'roll', env.namespace, { spec: { image: { tag: 'v0.7.0' } } });
    const seenPhases = new Set<string>();
    await waitFor(async () => {
      const c = await env.client.get<Sbc>(StreamBusClusters, 'roll', env.namespace);
      if (c.status?.phase) seenPhases.add(c.status.phase);
      const pods = await brokerPods(env.client, env.namespace, 'roll');
      return c.status?.phase === 'Running' && c.status.observedGeneration === c.metadata.generation && pods.length === 3 && pods.every((p) => before.get(p.metadata!.name!) !== p.metadata!.uid) && pods.every((p) => p.spec?.containers[0]?.image === 'streambus/broker:v0.7.0');
    }, { intervalMs: 100, description: 'all three brokers replaced and the cluster Running' });
    const rolled = (await eventsFor(env.client, env.namespace, 'roll')).filter((e) => e.reason === 'RollingBroker').map((e) => e.note);
    expect(rolled.map((note) => /roll-(\d)/.exec(note)?.[1])).toEqual(['2', '1', '0']);
    expect([...seenPhases]).toContain('Running');
  });

  it('reports Degraded when a broker turns unready, and rolls that broker first instead of waiting for it', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('unready'), metadata: { name: 'unready', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'unready', 'Running');
    // What a kubelet would report for a broker whose readiness probe fails (no container runs on kwok).
    await env.client.patch(ResourceTypes.Pod, 'unready-1', env.namespace, {
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'ReadinessProbeFailed' }, { type: 'ContainersReady', status: 'False' }] },
    }, 'strategic', 'status');
    const degraded = await waitForPhase(env.client, env.namespace, 'unready', 'Degraded');
    expect(condition(degraded, 'Degraded')?.status).toBe('True');
    expect(degraded.status?.readyReplicas).toBe(2);

    await env.client.patch(StreamBusClusters, 'unready', env.namespace, { spec: { image: { tag: 'v0.7.0' } } });
    await waitFor(async () => {
      const pods = await brokerPods(env.client, env.namespace, 'unready');
      const c = await env.client.get<Sbc>(StreamBusClusters, 'unready', env.namespace);
      return c.status?.phase === 'Running' && pods.length === 3 && pods.every((p) => p.spec?.containers[0]?.image === 'streambus/broker:v0.7.0');
    }, { description: 'the rollout to finish although a broker was unready' });
    const rolled = (await eventsFor(env.client, env.namespace, 'unready')).filter((e) => e.reason === 'RollingBroker').map((e) => /unready-(\d)/.exec(e.note)?.[1]);
    expect(rolled).toEqual(['1', '2', '0']);
  });

  it('scales 3 → 5 → 3 and keeps the claims of removed brokers', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('scale'), metadata: { name: 'scale', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'scale', 'Running');
    await env.client.patch(StreamBusClusters, 'scale', env.namespace, { spec: { replicas: 5 } });
    const five = await waitForPhase(env.client, env.namespace, 'scale', 'Running');
    expect(five.status?.readyReplicas).toBe(5);
    expect(five.status?.endpoints).toHaveLength(5);
    await env.client.patch(StreamBusClusters, 'scale', env.namespace, { spec: { replicas: 3 } });
    await waitFor(async () => (await brokerPods(env.client, env.namespace, 'scale')).length === 3, { description: 'two brokers removed' });
    const three = await waitForPhase(env.client, env.namespace, 'scale', 'Running');
    expect(three.status?.endpoints).toHaveLength(3);
    const claims = (await claimNames(env.client, env.namespace)).filter((n) => n.includes('-scale-'));
    expect(claims).toEqual(['data-scale-0', 'data-scale-1', 'data-scale-2', 'data-scale-3', 'data-scale-4', 'raft-scale-0', 'raft-scale-1', 'raft-scale-2', 'raft-scale-3', 'raft-scale-4']);
  });

  it('puts back a hand edit of the StatefulSet replicas and says so in an Event', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('drift'), metadata: { name: 'drift', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'drift', 'Running');
    await env.client.patch(ResourceTypes.StatefulSet, 'drift', env.namespace, { spec: { replicas: 1 } });
    await waitFor(async () => {
      const sts = await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'drift', env.namespace);
      return sts.spec?.replicas === 3 && sts.metadata?.generation !== 1;
    }, { description: 'StatefulSet replicas restored to 3' });
    await waitFor(async () => (await eventsFor(env.client, env.namespace, 'drift')).some((e) => (e.reason === 'DriftCorrected' || e.reason === 'Updated') && e.note.includes('StatefulSet drift')), {
      description: 'an Event about the corrected StatefulSet',
    });
    await waitForPhase(env.client, env.namespace, 'drift', 'Running');
  });

  it('deletes the children with the cluster and keeps the claims', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('gone', { replicas: 2 }), metadata: { name: 'gone', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'gone', 'Running');
    await env.client.delete(StreamBusClusters, 'gone', env.namespace);
    await waitFor(async () => {
      const [sts, svc, cm, pdb] = await Promise.all([
        env.client.tryGet(ResourceTypes.StatefulSet, 'gone', env.namespace),
        env.client.tryGet(ResourceTypes.Service, 'gone', env.namespace),
        env.client.tryGet(ResourceTypes.ConfigMap, 'gone-config', env.namespace),
        env.client.tryGet(ResourceTypes.PodDisruptionBudget, 'gone', env.namespace),
      ]);
      return !sts && !svc && !cm && !pdb && (await brokerPods(env.client, env.namespace, 'gone')).length === 0;
    }, { description: 'children garbage-collected' });
    expect((await claimNames(env.client, env.namespace)).filter((n) => n.includes('-gone-'))).toEqual(['data-gone-0', 'data-gone-1', 'raft-gone-0', 'raft-gone-1']);
  });

  it('deletes claims on delete when the cluster asks for it', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('wipe', { replicas: 1, storage: { deleteClaimsOnDelete: true } }), metadata: { name: 'wipe', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'wipe', 'Running');
    expect((await claimNames(env.client, env.namespace)).filter((n) => n.includes('-wipe-'))).toHaveLength(2);
    await env.client.delete(StreamBusClusters, 'wipe', env.namespace);
    await waitFor(async () => (await claimNames(env.client, env.namespace)).filter((n) => n.includes('-wipe-')).length === 0, { description: 'claims deleted' });
  });

  it('changes nothing while paused, and catches up when resumed', async () => {
    await env.client.create(StreamBusClusters, { ...cluster('paused', { replicas: 1 }), metadata: { name: 'paused', namespace: env.namespace } });
    await waitForPhase(env.client, env.namespace, 'paused', 'Running');
    await env.client.patch(StreamBusClusters, 'paused', env.namespace, { metadata: { annotations: { 'streambus.io/pause-reconciliation': 'true' } }, spec: { replicas: 2 } });
    await waitFor(async () => condition(await env.client.get<Sbc>(StreamBusClusters, 'paused', env.namespace), 'Paused')?.status === 'True', { description: 'Paused condition' });
    expect((await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'paused', env.namespace)).spec?.replicas).toBe(1);
    await env.client.patch(StreamBusClusters, 'paused', env.namespace, { metadata: { annotations: { 'streambus.io/pause-reconciliation': null } } });
    const resumed = await waitForPhase(env.client, env.namespace, 'paused', 'Running');
    expect(resumed.status?.readyReplicas).toBe(2);
  });
});
