import { anApp, exampleApp, withoutAcceleration, withSpec } from '../../test/fixtures.ts';
import { assessNodeCapabilities, type ObservedNode } from './node-capabilities.ts';

const ALL = { 'cyclone.dev/rdma-capable': 'true', 'cyclone.dev/dpdk-capable': 'true', 'cyclone.dev/xdp-capable': 'true' };
const aNode = (name: string, labels: Record<string, string> = {}, extra: Partial<ObservedNode> = {}): ObservedNode => ({
  name,
  labels: { 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name, ...labels },
  ...extra,
});

describe('assessNodeCapabilities', () => {
  it('requires nothing of nodes when no flag needs hardware and no hugepages are asked for', () => {
    expect(assessNodeCapabilities(anApp(withoutAcceleration), [])).toEqual({ required: false });
  });

  it('names the flag and the label when no node carries it, and how to fix it', () => {
    const verdict = assessNodeCapabilities(anApp(), [aNode('n1'), aNode('n2')]);
    expect(verdict).toEqual({
      required: true,
      satisfiable: false,
      reason: 'NoCapableNode',
      message:
        'no schedulable node carries cyclone.dev/rdma-capable=true (spec.networking.enableRDMA), cyclone.dev/dpdk-capable=true (spec.networking.enableDPDK), cyclone.dev/xdp-capable=true (spec.networking.enableXDP), so no pod can be scheduled: label the nodes that have the hardware (kubectl label node <node> cyclone.dev/rdma-capable=true) or turn the flag off',
      missing: [
        { flag: 'enableRDMA', field: 'spec.networking.enableRDMA', label: 'cyclone.dev/rdma-capable' },
        { flag: 'enableDPDK', field: 'spec.networking.enableDPDK', label: 'cyclone.dev/dpdk-capable' },
        { flag: 'enableXDP', field: 'spec.networking.enableXDP', label: 'cyclone.dev/xdp-capable' },
      ],
    });
  });

  it('names only the capabilities that are missing', () => {
    const verdict = assessNodeCapabilities(anApp(), [aNode('n1', { 'cyclone.dev/rdma-capable': 'true', 'cyclone.dev/dpdk-capable': 'true' })]);
    expect(verdict).toMatchObject({ reason: 'NoCapableNode', missing: [{ flag: 'enableXDP' }] });
  });

  it('clears once a node is labelled', () => {
    expect(assessNodeCapabilities(anApp(), [aNode('n1'), aNode('n2', ALL)])).toEqual({
      required: true,
      satisfiable: true,
      reason: 'CapableNodesFound',
      message: '1 node offers cyclone.dev/rdma-capable, cyclone.dev/dpdk-capable, cyclone.dev/xdp-capable',
    });
    expect(assessNodeCapabilities(anApp(), [aNode('n1', ALL), aNode('n2', ALL)])).toMatchObject({ message: expect.stringMatching(/^2 nodes offer/) });
  });

  it('counts a label only with the value true', () => {
    expect(assessNodeCapabilities(anApp(), [aNode('n1', { ...ALL, 'cyclone.dev/xdp-capable': 'false' })])).toMatchObject({ reason: 'NoCapableNode' });
  });

  it('ignores cordoned nodes', () => {
    expect(assessNodeCapabilities(anApp(), [aNode('n1', ALL, { unschedulable: true })])).toMatchObject({ reason: 'NoCapableNode' });
  });

  it('needs the capabilities on one node together', () => {
    const verdict = assessNodeCapabilities(anApp(), [
      aNode('n1', { 'cyclone.dev/rdma-capable': 'true' }),
      aNode('n2', { 'cyclone.dev/dpdk-capable': 'true', 'cyclone.dev/xdp-capable': 'true' }),
    ]);
    expect(verdict).toMatchObject({ satisfiable: false, reason: 'NoNodeWithAllCapabilities', missing: [] });
  });

  it("honours the rest of the user's required node affinity", () => {
    const app = exampleApp('optimized-app');
    expect(assessNodeCapabilities(app, [aNode('n1', { ...ALL, 'kubernetes.io/os': 'windows' })])).toMatchObject({ reason: 'NoNodeMatchesAffinity' });
    expect(assessNodeCapabilities(app, [aNode('n1', ALL)])).toMatchObject({ satisfiable: true });
  });

  describe('hugepages', () => {
    const memoryApp = anApp(
      withoutAcceleration,
      withSpec({
        resources: { requests: { memory: '2Gi', 'hugepages-2Mi': '1Gi' }, limits: { memory: '4Gi', 'hugepages-2Mi': '2Gi' } },
        securityContext: { hugepages: [{ mountPath: '/dev/hugepages', mountPropagation: 'HostToContainer' }] },
      }),
    );

    it('needs a node with the reserved amount allocatable (the limit, which the pod requests)', () => {
      expect(assessNodeCapabilities(memoryApp, [aNode('n1', {}, { allocatable: { 'hugepages-2Mi': '1Gi' } })])).toEqual({
        required: true,
        satisfiable: false,
        reason: 'NoNodeWithHugepages',
        message:
          'no node has 2Gi of hugepages-2Mi allocatable (spec.resources); pre-allocate hugepages on the nodes (kernel hugepages= or vm.nr_hugepages) and restart their kubelet',
        missing: [],
      });
      expect(assessNodeCapabilities(memoryApp, [aNode('n1', {}, { allocatable: { 'hugepages-2Mi': '2048Mi' } })])).toMatchObject({
        satisfiable: true,
        message: '1 node offers hugepages-2Mi',
      });
    });

    it('needs them on a capable node', () => {
      const app = exampleApp('high-performance-api');
      const capable = { ...ALL, 'cyclone.dev/numa-capable': 'true' };
      expect(assessNodeCapabilities(app, [aNode('n1', capable), aNode('n2', {}, { allocatable: { 'hugepages-2Mi': '8Gi' } })])).toMatchObject({
        reason: 'NoNodeWithHugepages',
        message: expect.stringMatching(/^no capable node has 2Gi of hugepages-2Mi/),
      });
      expect(assessNodeCapabilities(app, [aNode('n1', capable, { allocatable: { 'hugepages-2Mi': '8Gi' } })])).toMatchObject({ satisfiable: true });
    });
  });
});
