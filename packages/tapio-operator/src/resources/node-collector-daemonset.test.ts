import type { V1DaemonSet } from '@kubernetes/client-node';
import { aCollector, collectorOf, exampleCluster, withCollectorSpec } from '../../test/fixtures.ts';
import { desiredNodeCollectorDaemonSet } from './node-collector-daemonset.ts';
import { containerNamed } from './pods.ts';

const collectorContainer = (daemonSet: V1DaemonSet | undefined) => containerNamed(daemonSet?.spec?.template.spec?.containers, 'collector');

describe('desiredNodeCollectorDaemonSet', () => {
  it.each(['kubernetes', 'etcd'] as const)('is undefined for the cluster collector %s', (type) => {
    expect(desiredNodeCollectorDaemonSet(aCollector(type))).toBeUndefined();
  });

  const ebpf = desiredNodeCollectorDaemonSet(aCollector('ebpf'));

  it('runs on every Linux node, whatever its taints, named after the collector', () => {
    expect(ebpf?.metadata?.name).toBe('tapio-ebpf');
    expect(ebpf?.spec?.template.spec?.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });
    expect(ebpf?.spec?.template.spec?.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(ebpf?.spec?.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } });
    expect(ebpf?.spec?.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'tapio-ebpf-collector',
      'app.kubernetes.io/instance': 'tapio-ebpf',
      'app.kubernetes.io/component': 'ebpf-collector',
    });
  });

  it('takes the placement the spec gives', () => {
    const placed = desiredNodeCollectorDaemonSet(aCollector('systemd', withCollectorSpec({ nodeSelector: { pool: 'a' }, tolerations: [] })));
    expect(placed?.spec?.template.spec?.nodeSelector).toEqual({ pool: 'a' });
    expect(placed?.spec?.template.spec?.tolerations).toEqual([]);
  });

  it('gives eBPF exactly CAP_BPF, CAP_PERFMON and CAP_SYS_RESOURCE, unprivileged', () => {
    expect(collectorContainer(ebpf).securityContext).toEqual({
      runAsUser: 0,
      runAsNonRoot: false,
      privileged: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['BPF', 'PERFMON', 'SYS_RESOURCE'] },
    });
    expect(ebpf?.spec?.template.spec?.securityContext).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
    expect(ebpf?.spec?.template.spec?.hostPID).toBeUndefined();
  });

  it('mounts bpffs for eBPF, and tracefs and /proc read-only', () => {
    expect(collectorContainer(ebpf).volumeMounts).toEqual([
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'bpffs', mountPath: '/sys/fs/bpf', readOnly: false },
      { name: 'tracefs', mountPath: '/sys/kernel/tracing', readOnly: true },
      { name: 'host-proc', mountPath: '/host/proc', readOnly: true },
    ]);
    expect(ebpf?.spec?.template.spec?.volumes).toContainEqual({ name: 'host-proc', hostPath: { path: '/proc', type: 'Directory' } });
  });

  it('mounts the journal read-only for systemd, with no capability at all', () => {
    const systemd = desiredNodeCollectorDaemonSet(aCollector('systemd'));
    expect(collectorContainer(systemd).volumeMounts).toContainEqual({ name: 'journal', mountPath: '/var/log/journal', readOnly: true });
    expect(collectorContainer(systemd).volumeMounts?.filter((mount) => mount.name !== 'tmp').every((mount) => mount.readOnly)).toBe(true);
    expect(collectorContainer(systemd).securityContext?.capabilities).toEqual({ drop: ['ALL'] });
  });

  it("gives CNI the node's network and CAP_NET_ADMIN, and its metrics a port that rarely collides there", () => {
    const cni = desiredNodeCollectorDaemonSet(aCollector('cni'));
    expect(cni?.spec?.template.spec).toMatchObject({ hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' });
    expect(collectorContainer(cni).securityContext?.capabilities).toEqual({ drop: ['ALL'], add: ['NET_ADMIN'] });
    expect(collectorContainer(cni).ports).toEqual([{ name: 'metrics', containerPort: 9465, protocol: 'TCP' }]);
  });

  it('publishes to NATS with the platform user', () => {
    const collector = collectorContainer(desiredNodeCollectorDaemonSet(collectorOf(exampleCluster('production-ha'), 'ebpf')));
    expect(collector.image).toBe('ghcr.io/yairfalse/tapio-ebpf-collector:v0.1.0');
    expect(collector.env).toContainEqual({ name: 'TAPIO_NATS_URL', value: 'nats://production-nats.tapio.svc:4222' });
    expect(collector.env).toContainEqual({ name: 'TAPIO_NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'production-nats-credentials', key: 'password' } } });
  });

  it('never mounts a service account token', () => {
    expect(ebpf?.spec?.template.spec).toMatchObject({ serviceAccountName: 'tapio-ebpf', automountServiceAccountToken: false });
  });

  it.each(['ebpf', 'systemd', 'cni'] as const)('matches the snapshot for %s', (type) => {
    expect(desiredNodeCollectorDaemonSet(aCollector(type))).toMatchSnapshot();
  });
});
