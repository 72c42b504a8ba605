import { anApp, exampleApp, withoutAcceleration, withSpec } from '../../test/fixtures.ts';
import {
  desiredAffinity,
  desiredDnsPolicy,
  desiredResources,
  desiredTolerations,
  guaranteedCpuCount,
  hugepagesRequests,
  hugepagesVolumes,
  requiredCapabilities,
} from './scheduling.ts';

const rdma = { key: 'cyclone.dev/rdma-capable', operator: 'In', values: ['true'] };
const dpdk = { key: 'cyclone.dev/dpdk-capable', operator: 'In', values: ['true'] };
const xdp = { key: 'cyclone.dev/xdp-capable', operator: 'In', values: ['true'] };
const numa = { key: 'cyclone.dev/numa-capable', operator: 'In', values: ['true'] };
const highPerformance = { key: 'cyclone.dev/high-performance', operator: 'Equal', value: 'true', effect: 'NoSchedule' };
const SEED_MEMORY_RESOURCES = {
  requests: { memory: '2Gi', 'hugepages-2Mi': '1Gi' },
  limits: { memory: '4Gi', 'hugepages-2Mi': '2Gi' },
};

describe('requiredCapabilities', () => {
  it('names the flag, the field and the node label of every acceleration asked for', () => {
    expect(requiredCapabilities(anApp())).toEqual([
      { flag: 'enableRDMA', field: 'spec.networking.enableRDMA', label: 'cyclone.dev/rdma-capable' },
      { flag: 'enableDPDK', field: 'spec.networking.enableDPDK', label: 'cyclone.dev/dpdk-capable' },
      { flag: 'enableXDP', field: 'spec.networking.enableXDP', label: 'cyclone.dev/xdp-capable' },
    ]);
    expect(requiredCapabilities(exampleApp('high-performance-api')).map(({ flag }) => flag)).toEqual(['enableRDMA', 'enableDPDK', 'enableXDP', 'numaAware']);
  });

  it('asks nothing of nodes for zero-copy, or when every flag is off', () => {
    expect(requiredCapabilities(anApp(withoutAcceleration, withSpec({ networking: { enableRDMA: false, enableDPDK: false, enableXDP: false, zeroCopy: true } })))).toEqual([]);
  });
});

describe('desiredAffinity', () => {
  it('requires the capability labels when the spec sets no affinity, and prefers one pod per node', () => {
    expect(desiredAffinity(anApp())).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [rdma, dpdk, xdp] }] } },
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          {
            weight: 100,
            podAffinityTerm: {
              labelSelector: {
                matchLabels: { 'app.kubernetes.io/name': 'cyclone-web', 'app.kubernetes.io/instance': 'my-cyclone-app', 'app.kubernetes.io/component': 'web' },
              },
              topologyKey: 'kubernetes.io/hostname',
            },
          },
        ],
      },
    });
  });

  it("adds them to the seed's own terms without repeating its rdma-capable requirement", () => {
    const affinity = desiredAffinity(exampleApp('optimized-app'));
    expect(affinity.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'kubernetes.io/os', operator: 'In', values: ['linux'] }, rdma, dpdk, xdp] },
    ]);
  });

  it('adds them to every term, since terms are alternatives', () => {
    const app = anApp(
      withSpec({
        networking: { enableRDMA: true, enableDPDK: false, enableXDP: false },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }, { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }],
          },
        },
      }),
    );
    const { nodeAffinity } = desiredAffinity(app);
    expect(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toEqual([
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }, rdma] },
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }], matchExpressions: [rdma] },
    ]);
    expect(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toEqual([{ weight: 1, preference: { matchExpressions: [{ key: 'ssd', operator: 'Exists' }] } }]);
  });

  it('passes the affinity through unchanged when no capability is needed, except the default spreading', () => {
    const podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { db: 'x' } }, topologyKey: 'zone' }] };
    const podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'y' } }, topologyKey: 'kubernetes.io/hostname' }] };
    expect(desiredAffinity(anApp(withoutAcceleration, withSpec({ affinity: { podAffinity, podAntiAffinity } })))).toEqual({ podAffinity, podAntiAffinity });
  });

  it('requires a NUMA-capable node for NUMA-aware placement', () => {
    const terms = desiredAffinity(exampleApp('high-performance-api')).nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    expect(terms).toEqual([{ matchExpressions: [rdma, dpdk, xdp, numa] }]);
  });
});

describe('desiredTolerations', () => {
  it('tolerates the high-performance taint when a capability is needed', () => {
    expect(desiredTolerations(anApp())).toEqual([highPerformance]);
  });

  it("keeps the seed's identical toleration once", () => {
    expect(desiredTolerations(exampleApp('optimized-app'))).toEqual([highPerformance]);
  });

  it("keeps the user's own tolerations first", () => {
    const own = { key: 'dedicated', operator: 'Exists', effect: 'NoExecute' };
    expect(desiredTolerations(anApp(withSpec({ tolerations: [own] })))).toEqual([own, highPerformance]);
    expect(desiredTolerations(anApp(withoutAcceleration, withSpec({ tolerations: [own] })))).toEqual([own]);
  });

  it('adds none when nothing needs it', () => {
    expect(desiredTolerations(anApp(withoutAcceleration))).toBeUndefined();
  });
});

describe('desiredDnsPolicy', () => {
  it('uses cluster DNS from the host network, as the seed sets it', () => {
    expect(desiredDnsPolicy(anApp(withSpec({ hostNetwork: true })))).toBe('ClusterFirstWithHostNet');
    expect(desiredDnsPolicy(anApp())).toBe('ClusterFirst');
    expect(desiredDnsPolicy(anApp(withSpec({ hostNetwork: true, dnsPolicy: 'Default' })))).toBe('Default');
  });
});

describe('desiredResources', () => {
  it('passes cpu and memory through as quantity strings', () => {
    expect(desiredResources(exampleApp('custom-app'))).toEqual({ requests: { cpu: '2000m', memory: '2Gi' }, limits: { cpu: '4000m', memory: '4Gi' } });
    expect(desiredResources(anApp(withSpec({ resources: { limits: { cpu: 2 } } })))).toEqual({ limits: { cpu: '2' } });
    expect(desiredResources(anApp())).toBeUndefined();
  });

  it("reserves the seed's hugepages limit as the request too, which Kubernetes requires", () => {
    expect(desiredResources(anApp(withSpec({ resources: SEED_MEMORY_RESOURCES })))).toEqual({
      requests: { memory: '2Gi', 'hugepages-2Mi': '2Gi' },
      limits: { memory: '4Gi', 'hugepages-2Mi': '2Gi' },
    });
    expect(desiredResources(anApp(withSpec({ resources: { requests: { 'hugepages-1Gi': '2Gi', memory: '1Gi' } } })))).toEqual({
      requests: { 'hugepages-1Gi': '2Gi', memory: '1Gi' },
      limits: { 'hugepages-1Gi': '2Gi' },
    });
  });

  it('gives NUMA-aware pods Guaranteed QoS: requests equal to the limits', () => {
    expect(desiredResources(exampleApp('high-performance-api'))).toEqual({
      requests: { cpu: '4', memory: '4Gi', 'hugepages-2Mi': '2Gi' },
      limits: { cpu: '4', memory: '4Gi', 'hugepages-2Mi': '2Gi' },
    });
    expect(guaranteedCpuCount(exampleApp('high-performance-api'))).toBe(4);
    expect(guaranteedCpuCount(anApp(withSpec({ performance: { numaAware: true }, resources: { limits: { cpu: '8000m', memory: '8Gi' } } })))).toBe(8);
    expect(guaranteedCpuCount(exampleApp('custom-app'))).toBeUndefined();
  });

  it('tells the node check how much hugepage memory a pod needs', () => {
    expect(hugepagesRequests(anApp(withSpec({ resources: SEED_MEMORY_RESOURCES })))).toEqual({ 'hugepages-2Mi': '2Gi' });
    expect(hugepagesRequests(exampleApp('custom-app'))).toEqual({});
  });
});

describe('hugepagesVolumes', () => {
  it("turns the seed's securityContext.hugepages into a HugePages emptyDir mounted where it asks", () => {
    const app = anApp(withSpec({ resources: SEED_MEMORY_RESOURCES, securityContext: { hugepages: [{ mountPath: '/dev/hugepages', mountPropagation: 'HostToContainer' }] } }));
    expect(hugepagesVolumes(app)).toEqual({
      volumes: [{ name: 'hugepages-0', emptyDir: { medium: 'HugePages-2Mi' } }],
      mounts: [{ name: 'hugepages-0', mountPath: '/dev/hugepages', mountPropagation: 'HostToContainer' }],
    });
  });

  it('uses the page size an entry names when the pod reserves several', () => {
    const app = anApp(
      withSpec({
        resources: { limits: { memory: '4Gi', 'hugepages-2Mi': '1Gi', 'hugepages-1Gi': '2Gi' } },
        securityContext: { hugepages: [{ mountPath: '/hp2m', pageSize: '2Mi' }, { mountPath: '/hp1g', pageSize: '1Gi' }] },
      }),
    );
    expect(hugepagesVolumes(app).volumes).toEqual([
      { name: 'hugepages-0', emptyDir: { medium: 'HugePages-2Mi' } },
      { name: 'hugepages-1', emptyDir: { medium: 'HugePages-1Gi' } },
    ]);
  });

  it('makes none without entries', () => {
    expect(hugepagesVolumes(anApp())).toEqual({ volumes: [], mounts: [] });
  });
});
