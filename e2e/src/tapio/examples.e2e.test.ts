// Each of the seed's examples, applied unchanged, converges: the TapioCluster makes one
// TapioCollector per collector and one TapioIntelligence, their controllers make the workloads, and
// every level reports Ready.
import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { useOperator } from '../support/operator-process.ts';
import { example, TapioClusters, WITHOUT_WEBHOOKS, TapioCollectors, TapioIntelligences, waitForReady, type Tapio } from './support.ts';

describe('Tapio examples', () => {
  const env = useOperator('tapio-operator', 'tapio-examples', WITHOUT_WEBHOOKS);
  const names = async (type: typeof TapioClusters) => (await env.client.list<Tapio>(type, { namespace: env.namespace })).items.map((r) => r.metadata.name).sort();

  it('minimal development: one Kubernetes API collector, single-replica Neo4j, NATS and correlation', async () => {
    const dev = example('minimal-development.yaml', env.namespace);
    await env.client.create(TapioClusters, dev);
    const ready = await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    expect(ready.status).toMatchObject({ collectors: [{ type: 'kubernetes', name: 'dev-kubernetes', ready: true }], intelligence: { name: 'dev', ready: true } });
    const collector = await waitForReady(env.client, TapioCollectors, env.namespace, 'dev-kubernetes');
    expect(collector.status).toMatchObject({ workload: { kind: 'Deployment', name: 'dev-kubernetes' }, readyPods: 1 });
    const neo4j = await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'dev-neo4j', env.namespace);
    expect(neo4j.spec?.replicas).toBe(1);
    const nats = await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'dev-nats', env.namespace);
    expect(nats.spec?.replicas).toBe(1);
    expect((await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'dev-correlation', env.namespace)).spec?.replicas).toBe(1);
    // The profile's defaults are visible in what the children were given.
    const intelligence = await env.client.get<Tapio>(TapioIntelligences, 'dev', env.namespace);
    expect(intelligence.spec).toMatchObject({ embedded: false, highAvailability: false });
  });

  it('edge: the embedded graph database instead of Neo4j, and no eBPF collector', async () => {
    await env.client.create(TapioClusters, example('edge.yaml', env.namespace));
    const ready = await waitForReady(env.client, TapioClusters, env.namespace, 'edge');
    expect(ready.status?.['collectors']).toEqual([{ type: 'kubernetes', name: 'edge-kubernetes', ready: true }]);
    expect(await env.client.tryGet(ResourceTypes.StatefulSet, 'edge-neo4j', env.namespace)).toBeUndefined();
    expect(await env.client.tryGet(ResourceTypes.PersistentVolumeClaim, 'edge-graph', env.namespace)).toBeDefined();
    expect(await env.client.tryGet(TapioCollectors, 'edge-ebpf', env.namespace)).toBeUndefined();
  });

  it('production HA: every collector but etcd, three Neo4j and NATS servers, PDBs and a backup CronJob', async () => {
    await env.client.create(TapioClusters, example('production-ha.yaml', env.namespace));
    await waitForReady(env.client, TapioClusters, env.namespace, 'production', 180_000);
    expect((await names(TapioCollectors)).filter((n) => n.startsWith('production-'))).toEqual(['production-cni', 'production-ebpf', 'production-kubernetes', 'production-systemd']);
    for (const type of ['ebpf', 'systemd', 'cni']) {
      const daemonSet = await env.client.get<V1DaemonSet>(ResourceTypes.DaemonSet, `production-${type}`, env.namespace);
      expect(daemonSet.status?.numberReady).toBe(daemonSet.status?.desiredNumberScheduled);
    }
    expect((await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'production-neo4j', env.namespace)).spec?.replicas).toBe(3);
    expect((await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'production-nats', env.namespace)).spec?.replicas).toBe(3);
    expect(await env.client.tryGet(ResourceTypes.PodDisruptionBudget, 'production-neo4j', env.namespace)).toBeDefined();
    expect(await env.client.tryGet(ResourceTypes.CronJob, 'production-backup', env.namespace)).toMatchObject({ spec: { schedule: '0 2 * * *' } });
  });

  it('installation: the README\'s cluster (no profile: development defaults with its own sizes)', async () => {
    const installation = example('installation.yaml', env.namespace);
    await env.client.create(TapioClusters, { ...installation, metadata: { ...installation.metadata, name: 'installation' } });
    await waitForReady(env.client, TapioClusters, env.namespace, 'installation', 180_000);
    expect((await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'installation-neo4j', env.namespace)).spec?.replicas).toBe(3);
  });
});
