// The node collectors (eBPF, systemd, CNI) as DaemonSets, each with the host access its events need
// and nothing more. Host access needs Pod Security level privileged in the namespace
// (namespace-pod-security.ts); everything else keeps the restricted defaults where it can.
import type { V1Container, V1DaemonSet, V1PodSpec, V1SecurityContext, V1Volume } from '@kubernetes/client-node';
import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import type { NodeCollectorType } from '../api/v1alpha1/group.ts';
import {
  baseCollectorContainer,
  collectorMetadata,
  collectorPodMetadata,
  collectorSelector,
  collectorWorkloadName,
  TOLERATE_EVERYTHING,
} from './collector-pods.ts';
import { TMP_MOUNT, TMP_VOLUME } from './pods.ts';

interface HostAccess {
  /** Container capabilities beyond none. */
  capabilities: string[];
  volumes: (V1Volume & { mountPath: string; readOnly: boolean })[];
  pod?: Pick<V1PodSpec, 'hostNetwork' | 'dnsPolicy'>;
}

const hostPath = (name: string, path: string, mountPath: string, readOnly: boolean, type: 'Directory' | 'File' = 'Directory') => ({
  name,
  hostPath: { path, type },
  mountPath,
  readOnly,
});

/**
 * What each node collector needs from its node:
 * - eBPF: CAP_BPF to load programs and maps, CAP_PERFMON to attach them to tracepoints and kprobes and
 *   read the perf ring buffer, CAP_SYS_RESOURCE to raise the locked-memory limit that kernels before
 *   5.11 charge maps to; bpffs to pin maps, tracefs (read-only) for tracepoint ids, /proc (read-only)
 *   to name the processes events come from. Not CAP_SYS_ADMIN and not privileged: kernels from 5.8 on
 *   split these capabilities out of it.
 * - systemd: the journal, read-only, and the machine id that names its directory. Journal files are
 *   root's (mode 0640), so root reads them without any capability.
 * - CNI: the node's network namespace (hostNetwork) and CAP_NET_ADMIN to subscribe to conntrack
 *   events there; the CNI configuration and state, read-only.
 */
export const NODE_COLLECTOR_HOST_ACCESS: Readonly<Record<NodeCollectorType, HostAccess>> = {
  ebpf: {
    capabilities: ['BPF', 'PERFMON', 'SYS_RESOURCE'],
    volumes: [
      hostPath('bpffs', '/sys/fs/bpf', '/sys/fs/bpf', false),
      hostPath('tracefs', '/sys/kernel/tracing', '/sys/kernel/tracing', true),
      hostPath('host-proc', '/proc', '/host/proc', true),
    ],
  },
  systemd: {
    capabilities: [],
    volumes: [hostPath('journal', '/var/log/journal', '/var/log/journal', true), hostPath('machine-id', '/etc/machine-id', '/etc/machine-id', true, 'File')],
  },
  cni: {
    capabilities: ['NET_ADMIN'],
    volumes: [hostPath('cni-config', '/etc/cni/net.d', '/host/etc/cni/net.d', true), hostPath('cni-state', '/var/lib/cni', '/host/var/lib/cni', true)],
    // The Service names of the cluster (NATS) still resolve from the node's network.
    pod: { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' },
  },
};

export function isNodeCollector(type: string): type is NodeCollectorType {
  return type in NODE_COLLECTOR_HOST_ACCESS;
}

export function desiredNodeCollectorDaemonSet(collector: DefaultedTapioCollector): V1DaemonSet | undefined {
  const { spec } = collector;
  if (!isNodeCollector(spec.type)) return undefined;
  const access = NODE_COLLECTOR_HOST_ACCESS[spec.type];
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: collectorMetadata(collector),
    spec: {
      selector: { matchLabels: collectorSelector(collector) },
      // A tenth of the nodes at a time: on a large cluster one at a time would take hours, and a node
      // without its collector only misses events for a moment.
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } },
      template: {
        metadata: collectorPodMetadata(collector),
        spec: {
          serviceAccountName: collectorWorkloadName(collector),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          containers: [nodeCollectorContainer(collector, access)],
          volumes: [TMP_VOLUME, ...access.volumes.map(({ mountPath: _mountPath, readOnly: _readOnly, ...volume }) => volume)],
          nodeSelector: spec.nodeSelector ?? { 'kubernetes.io/os': 'linux' },
          tolerations: spec.tolerations ?? TOLERATE_EVERYTHING,
          ...(access.pod ?? {}),
          securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        },
      },
    },
  };
}

function nodeCollectorContainer(collector: DefaultedTapioCollector, access: HostAccess): V1Container {
  return {
    ...baseCollectorContainer(collector),
    volumeMounts: [TMP_MOUNT, ...access.volumes.map(({ name, mountPath, readOnly }) => ({ name, mountPath, readOnly }))],
    securityContext: nodeCollectorSecurityContext(access),
  };
}

function nodeCollectorSecurityContext(access: HostAccess): V1SecurityContext {
  return {
    // Capabilities take effect for root only; host files (the journal, /proc) are root's.
    runAsUser: 0,
    runAsNonRoot: false,
    privileged: false,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'], ...(access.capabilities.length > 0 ? { add: access.capabilities } : {}) },
  };
}
