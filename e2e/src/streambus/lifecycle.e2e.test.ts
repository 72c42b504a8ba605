import type { V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { createTestNamespace, testClient, waitFor } from '@operators/k8s-common/testing';
import type { OperatorProcess } from '../support/operator-process.ts';
import { brokerPods, claimNames, cluster, condition, eventsFor, example, startStreamBusOperator, StreamBusClusters, waitForPhase, type Sbc } from './support.ts';

describe('StreamBus operator: lifecycle', () => {
  let client: KubeClient;
  let opNs: { name: string; cleanup: () => Promise<void> };
  let ns: { name: string; cleanup: () => Promise<void> };
  let operator: OperatorProcess;

  beforeAll(async () => {
    client = await testClient();
    opNs = await createTestNamespace(client, 'sb-system');
    ns = await createTestNamespace(client, 'sb-life');
    operator = await startStreamBusOperator(opNs.name, [ns.name]);
  });
  afterAll(async () => {
    expect(await operator.stop()).toBe(0);
    await ns.cleanup();
    await opNs.cleanup();
    await client.close();
  });

  it.each(['minimal-cluster.yaml', 'dev-cluster.yaml', 'production-cluster.yaml', 'multi-tenant-cluster.yaml', 'secure-cluster.yaml'])(
    'example %s reaches Running with its endpoints',
    async (file) => {
      const c = example(file);
      if (file === 'secure-cluster.yaml') {
        for (const name of ['streambus-tls-certs', 'streambus-ca-cert']) {
          await client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: ns.name }, stringData: { 'tls.crt': 'test', 'tls.key': 'test', 'ca.crt': 'test' } });
        }
      }
      await client.create(StreamBusClusters, { ...c, metadata: { ...c.metadata, namespace: ns.name } });
      const running = await waitForPhase(client, ns.name, c.metadata.name, 'Running');
      const replicas = c.spec.replicas ?? 3;
      expect(running.status?.readyReplicas).toBe(replicas);
      expect(running.status?.endpoints).toHaveLength(replicas);
      expect(running.status?.endpoints?.[0]).toBe(`${c.metadata.name}-0.${c.metadata.name}-headless.${ns.name}.svc:9092`);
      expect(condition(running, 'Ready')?.status).toBe('True');
      await client.delete(StreamBusClusters, c.metadata.name, ns.name);
    },
  );

  it('rolls an image change broker by broker, highest ordinal first, and ends Running', async () => {
    await client.create(StreamBusClusters, { ...cluster('roll'), metadata: { name: 'roll', namespace: ns.name } });
    await waitForPhase(client, ns.name, 'roll', 'Running');
    const before = new Map((await brokerPods(client, ns.name, 'roll')).map((p) => [p.metadata!.name!, p.metadata!.uid!]));
    await client.patch(StreamBusClusters, 'roll', ns.name, { spec: { image: { tag: 'v0.7.0' } } });
    const seenPhases = new Set<string>();
    await waitFor(async () => {
      const c = await client.get<Sbc>(StreamBusClusters, 'roll', ns.name);
      if (c.status?.phase) seenPhases.add(c.status.phase);
      const pods = await brokerPods(client, ns.name, 'roll');
      return c.status?.phase === 'Running' && c.status.observedGeneration === c.metadata.generation && pods.length === 3 && pods.every((p) => before.get(p.metadata!.name!) !== p.metadata!.uid) && pods.every((p) => p.spec?.containers[0]?.image === 'streambus/broker:v0.7.0');
    }, { intervalMs: 100, description: 'all three brokers replaced and the cluster Running' });
    const rolled = (await eventsFor(client, ns.name, 'roll')).filter((e) => e.reason === 'RollingBroker').map((e) => e.note);
    expect(rolled.map((note) => /roll-(\d)/.exec(note)?.[1])).toEqual(['2', '1', '0']);
    expect([...seenPhases]).toContain('Running');
  });

  it('scales 3 → 5 → 3 and keeps the claims of removed brokers', async () => {
    await client.create(StreamBusClusters, { ...cluster('scale'), metadata: { name: 'scale', namespace: ns.name } });
    await waitForPhase(client, ns.name, 'scale', 'Running');
    await client.patch(StreamBusClusters, 'scale', ns.name, { spec: { replicas: 5 } });
    const five = await waitForPhase(client, ns.name, 'scale', 'Running');
    expect(five.status?.readyReplicas).toBe(5);
    expect(five.status?.endpoints).toHaveLength(5);
    await client.patch(StreamBusClusters, 'scale', ns.name, { spec: { replicas: 3 } });
    await waitFor(async () => (await brokerPods(client, ns.name, 'scale')).length === 3, { description: 'two brokers removed' });
    const three = await waitForPhase(client, ns.name, 'scale', 'Running');
    expect(three.status?.endpoints).toHaveLength(3);
    const claims = (await claimNames(client, ns.name)).filter((n) => n.includes('-scale-'));
    expect(claims).toEqual(['data-scale-0', 'data-scale-1', 'data-scale-2', 'data-scale-3', 'data-scale-4', 'raft-scale-0', 'raft-scale-1', 'raft-scale-2', 'raft-scale-3', 'raft-scale-4']);
  });

  it('puts back a hand edit of the StatefulSet replicas and says so in an Event', async () => {
    await client.create(StreamBusClusters, { ...cluster('drift'), metadata: { name: 'drift', namespace: ns.name } });
    await waitForPhase(client, ns.name, 'drift', 'Running');
    await client.patch(ResourceTypes.StatefulSet, 'drift', ns.name, { spec: { replicas: 1 } });
    await waitFor(async () => {
      const sts = await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'drift', ns.name);
      return sts.spec?.replicas === 3 && sts.metadata?.generation !== 1;
    }, { description: 'StatefulSet replicas restored to 3' });
    await waitFor(async () => (await eventsFor(client, ns.name, 'drift')).some((e) => (e.reason === 'DriftCorrected' || e.reason === 'Updated') && e.note.includes('StatefulSet drift')), {
      description: 'an Event about the corrected StatefulSet',
    });
    await waitForPhase(client, ns.name, 'drift', 'Running');
  });

  it('deletes the children with the cluster and keeps the claims', async () => {
    await client.create(StreamBusClusters, { ...cluster('gone', { replicas: 2 }), metadata: { name: 'gone', namespace: ns.name } });
    await waitForPhase(client, ns.name, 'gone', 'Running');
    await client.delete(StreamBusClusters, 'gone', ns.name);
    await waitFor(async () => {
      const [sts, svc, cm, pdb] = await Promise.all([
        client.tryGet(ResourceTypes.StatefulSet, 'gone', ns.name),
        client.tryGet(ResourceTypes.Service, 'gone', ns.name),
        client.tryGet(ResourceTypes.ConfigMap, 'gone-config', ns.name),
        client.tryGet(ResourceTypes.PodDisruptionBudget, 'gone', ns.name),
      ]);
      return !sts && !svc && !cm && !pdb && (await brokerPods(client, ns.name, 'gone')).length === 0;
    }, { description: 'children garbage-collected' });
    expect((await claimNames(client, ns.name)).filter((n) => n.includes('-gone-'))).toEqual(['data-gone-0', 'data-gone-1', 'raft-gone-0', 'raft-gone-1']);
  });

  it('deletes claims on delete when the cluster asks for it', async () => {
    await client.create(StreamBusClusters, { ...cluster('wipe', { replicas: 1, storage: { deleteClaimsOnDelete: true } }), metadata: { name: 'wipe', namespace: ns.name } });
    await waitForPhase(client, ns.name, 'wipe', 'Running');
    expect((await claimNames(client, ns.name)).filter((n) => n.includes('-wipe-'))).toHaveLength(2);
    await client.delete(StreamBusClusters, 'wipe', ns.name);
    await waitFor(async () => (await claimNames(client, ns.name)).filter((n) => n.includes('-wipe-')).length === 0, { description: 'claims deleted' });
  });

  it('changes nothing while paused, and catches up when resumed', async () => {
    await client.create(StreamBusClusters, { ...cluster('paused', { replicas: 1 }), metadata: { name: 'paused', namespace: ns.name } });
    await waitForPhase(client, ns.name, 'paused', 'Running');
    await client.patch(StreamBusClusters, 'paused', ns.name, { metadata: { annotations: { 'streambus.io/pause-reconciliation': 'true' } }, spec: { replicas: 2 } });
    await waitFor(async () => condition(await client.get<Sbc>(StreamBusClusters, 'paused', ns.name), 'Paused')?.status === 'True', { description: 'Paused condition' });
    expect((await client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'paused', ns.name)).spec?.replicas).toBe(1);
    await client.patch(StreamBusClusters, 'paused', ns.name, { metadata: { annotations: { 'streambus.io/pause-reconciliation': null } } });
    const resumed = await waitForPhase(client, ns.name, 'paused', 'Running');
    expect(resumed.status?.readyReplicas).toBe(2);
  });
});
