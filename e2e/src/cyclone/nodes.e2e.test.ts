// What the CycloneApp asks of nodes, against kwok's simulated nodes: a flag no node can honour gives
// the NodeCapabilities condition (and labelling a node clears it), and every example of the seed,
// applied unchanged, reaches Ready once the nodes carry the capability labels and hugepages.
// One file on purpose: both parts change the labels of every node, which parallel files must not see.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { resourceType, ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { repoRoot, useOperator } from '../support/operator-process.ts';
import { condition, CycloneApps, example, kubectl, plainApp, readyForGeneration, waitForApp, waitForReady } from './support.ts';

const CAPABILITY_LABELS = ['cyclone.dev/rdma-capable', 'cyclone.dev/dpdk-capable', 'cyclone.dev/xdp-capable', 'cyclone.dev/numa-capable'];
const HUGEPAGES = 'hugepages-2Mi';
const Nodes = resourceType('v1', 'Node', 'nodes', false);

const unlabelAll = () => kubectl('label', 'nodes', '--all', ...CAPABILITY_LABELS.map((label) => `${label}-`));

/** As a kubelet on a node with pre-allocated hugepages reports them (kwok's nodes have none). */
function setHugepages(node: string, amount: string | undefined): void {
  const patch = amount
    ? { status: { capacity: { [HUGEPAGES]: amount }, allocatable: { [HUGEPAGES]: amount } } }
    : { status: { capacity: { [HUGEPAGES]: null }, allocatable: { [HUGEPAGES]: null } } };
  kubectl('patch', 'node', node, '--subresource=status', '--type=merge', '-p', JSON.stringify(patch));
}

describe('CycloneApp and nodes', () => {
  const env = useOperator('cyclone-operator', 'cyclone-nodes');
  let nodes: string[] = [];

  beforeAll(async () => {
    // The cluster's shared nodes only: other files add nodes of their own, reserved by a taint or
    // cordoned, and delete them when done.
    nodes = (await env.client.list<V1Node>(Nodes)).items.filter((n) => !n.spec?.unschedulable && !n.spec?.taints?.length).map((n) => n.metadata!.name!);
    unlabelAll();
  });

  afterAll(() => {
    unlabelAll();
    for (const node of nodes) setHugepages(node, undefined);
  });

  it('a flag no node can honour gives NodeCapabilities=False naming the label; labelling a node clears it', async () => {
    const name = 'rdma';
    await env.client.create(CycloneApps, { ...plainApp(name, { networking: { enableRDMA: true, enableDPDK: false, enableXDP: false } }), metadata: { name, namespace: env.namespace } });
    const stuck = await waitForApp(env.client, env.namespace, name, (a) => condition(a, 'NodeCapabilities')?.status === 'False', 'NodeCapabilities=False');
    expect(condition(stuck, 'NodeCapabilities')).toMatchObject({ reason: 'NoCapableNode' });
    expect(condition(stuck, 'NodeCapabilities')?.message).toContain('cyclone.dev/rdma-capable=true (spec.networking.enableRDMA)');
    expect(condition(stuck, 'Ready')).toMatchObject({ status: 'False', reason: 'NoCapableNode' });

    kubectl('label', 'node', nodes[0]!, 'cyclone.dev/rdma-capable=true');
    const ready = await waitForReady(env.client, env.namespace, name);
    expect(condition(ready, 'NodeCapabilities')).toMatchObject({ status: 'True', reason: 'CapableNodesFound' });
    await env.client.delete(CycloneApps, name, env.namespace);
  });

  describe('every example of the seed, applied unchanged', () => {
    beforeAll(async () => {
      for (const node of nodes) {
        kubectl('label', 'node', node, '--overwrite', ...CAPABILITY_LABELS.map((label) => `${label}=true`));
        setHugepages(node, '8Gi');
      }
      // custom-app's tls.certificateSecret.
      await env.client.create(ResourceTypes.Secret, { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: { name: 'my-tls-secret', namespace: env.namespace }, stringData: { 'tls.crt': 'x', 'tls.key': 'y' } });
    });

    // One at a time: production-api alone asks for 80 of the three nodes' 96 CPUs.
    it.each(['simple-app', 'custom-app', 'production-api', 'staging-api', 'secure-app', 'optimized-app', 'high-performance-api'])('%s reaches Ready', async (file) => {
      const { name } = example(`${file}.yaml`).metadata;
      execFileSync('kubectl', ['apply', '-n', env.namespace, '-f', join(repoRoot, 'packages', 'cyclone-operator', 'examples', `${file}.yaml`)], { stdio: 'pipe' });
      const app = await waitForReady(env.client, env.namespace, name, 120_000);
      expect(readyForGeneration(app)).toBe(true);
      expect(app.status?.phase).toBe('Running');
      await env.client.delete(CycloneApps, name, env.namespace);
      await waitFor(async () => (await env.client.list(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: `app=${name}` })).items.length === 0, {
        timeoutMs: 60_000,
        description: `the pods of ${name} gone`,
      });
    });

    // The seed's "Network Optimization" fragment, on an app of two pods.
    it('the seed\'s network optimization (hostNetwork, ClusterFirstWithHostNet, every flag) reaches Ready on the host network', async () => {
      const name = 'host-net';
      const fragment = { networking: { enableRDMA: true, enableDPDK: true, enableXDP: true }, hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' };
      await env.client.create(CycloneApps, { ...plainApp(name, fragment), metadata: { name, namespace: env.namespace } });
      const app = await waitForReady(env.client, env.namespace, name, 120_000);
      expect(condition(app, 'NodeCapabilities')).toMatchObject({ status: 'True' });
      const pods = (await env.client.list<V1Pod>(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: `app=${name}` })).items;
      expect(pods.map((pod) => [pod.spec?.hostNetwork, pod.spec?.dnsPolicy])).toEqual([[true, 'ClusterFirstWithHostNet'], [true, 'ClusterFirstWithHostNet']]);
      // The ports are the node's: two pods, two nodes.
      expect(new Set(pods.map((pod) => pod.spec?.nodeName)).size).toBe(2);
      await env.client.delete(CycloneApps, name, env.namespace);
    });
  });
});
