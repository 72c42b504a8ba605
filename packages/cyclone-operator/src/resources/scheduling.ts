// Where the pods may run and what they reserve there, derived from the networking and performance
// flags: a flag that needs hardware becomes a node-affinity requirement on the capability label, so
// pods land only on nodes that have it (and the status can say when none does); NUMA-aware placement
// becomes Guaranteed QoS with whole CPUs; hugepages become reserved resources and a volume.
import type {
  V1Affinity,
  V1NodeSelectorRequirement,
  V1ResourceRequirements,
  V1Toleration,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { canonicalJson, parseQuantity } from '@operators/k8s-common';
import { CAPABILITY_LABELS, HIGH_PERFORMANCE_TAINT, type CapabilityFlag } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { appSelectorLabels } from './metadata.ts';

export interface CapabilityRequirement {
  flag: CapabilityFlag;
  /** The spec field that asks for it, as a user writes it. */
  field: string;
  /** The node label that says a node has it (value "true"). */
  label: string;
}

const CAPABILITY_FIELDS: Record<CapabilityFlag, string> = {
  enableRDMA: 'spec.networking.enableRDMA',
  enableDPDK: 'spec.networking.enableDPDK',
  enableXDP: 'spec.networking.enableXDP',
  numaAware: 'spec.performance.numaAware',
};

/** The node capabilities the app's flags ask for, in a fixed order. */
export function requiredCapabilities(app: StoredCycloneApp): CapabilityRequirement[] {
  const { networking, performance } = app.spec;
  const asked: Record<CapabilityFlag, boolean> = {
    enableRDMA: networking.enableRDMA,
    enableDPDK: networking.enableDPDK,
    enableXDP: networking.enableXDP,
    numaAware: performance.numaAware,
  };
  return (Object.keys(CAPABILITY_LABELS) as CapabilityFlag[])
    .filter((flag) => asked[flag])
    .map((flag) => ({ flag, field: CAPABILITY_FIELDS[flag], label: CAPABILITY_LABELS[flag] }));
}

export function capabilityRequirement(label: string): V1NodeSelectorRequirement {
  return { key: label, operator: 'In', values: ['true'] };
}

/**
 * The user's affinity with the capability labels added to every required node selector term (terms
 * are ORed, so each must demand the capabilities), and, when the user sets no pod anti-affinity, a
 * preference for one pod per node.
 */
export function desiredAffinity(app: StoredCycloneApp): V1Affinity {
  const user = app.spec.affinity ?? {};
  const requirements = requiredCapabilities(app).map(({ label }) => capabilityRequirement(label));
  const affinity: V1Affinity = { ...user };
  if (requirements.length > 0) {
    const required = user.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    const terms = required?.nodeSelectorTerms?.length ? required.nodeSelectorTerms : [{}];
    affinity.nodeAffinity = {
      ...user.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: terms.map((term) => ({ ...term, matchExpressions: distinct([...(term.matchExpressions ?? []), ...requirements]) })),
      },
    };
  }
  if (!user.podAntiAffinity) {
    // Preferred, not required: an app with more replicas than nodes must still schedule.
    affinity.podAntiAffinity = {
      preferredDuringSchedulingIgnoredDuringExecution: [
        { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: appSelectorLabels(app) }, topologyKey: 'kubernetes.io/hostname' } },
      ],
    };
  }
  return affinity;
}

/** The user's tolerations, plus the high-performance taint's when a flag needs a node capability. */
export function desiredTolerations(app: StoredCycloneApp): V1Toleration[] | undefined {
  const user = app.spec.tolerations ?? [];
  const needed = requiredCapabilities(app).length > 0 ? [{ ...HIGH_PERFORMANCE_TAINT }] : [];
  const all = distinct([...user, ...needed] as V1Toleration[]);
  return all.length > 0 ? all : undefined;
}

/** On hostNetwork the pod would otherwise resolve through the node's resolv.conf and miss cluster DNS names. */
export function desiredDnsPolicy(app: StoredCycloneApp): string {
  return app.spec.dnsPolicy ?? (app.spec.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst');
}

const HUGEPAGES_PREFIX = 'hugepages-';
type Quantities = Record<string, string | number>;

/**
 * The container's requests and limits as the pod needs them:
 * - hugepages cannot be overcommitted, so Kubernetes requires requests equal to limits; the seed
 *   asks for less than it allows (1Gi of 2Gi), and the pod reserves the larger, what the app may use;
 * - NUMA-aware placement needs Guaranteed QoS: cpu and memory requests equal to the limits.
 * Undefined when the spec sets no resources.
 */
export function desiredResources(app: StoredCycloneApp): V1ResourceRequirements | undefined {
  const { resources, performance } = app.spec;
  if (!resources) return undefined;
  const requests: Quantities = { ...resources.requests };
  const limits: Quantities = { ...resources.limits };
  for (const name of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
    if (!name.startsWith(HUGEPAGES_PREFIX)) continue;
    const amount = larger(requests[name], limits[name]);
    requests[name] = amount;
    limits[name] = amount;
  }
  if (performance.numaAware) {
    for (const name of ['cpu', 'memory']) if (limits[name] !== undefined) requests[name] = limits[name];
  }
  const strings = (list: Quantities) => Object.fromEntries(Object.entries(list).map(([name, quantity]) => [name, String(quantity)]));
  return {
    ...(Object.keys(requests).length > 0 ? { requests: strings(requests) } : {}),
    ...(Object.keys(limits).length > 0 ? { limits: strings(limits) } : {}),
  };
}

/** The number of exclusive cores a NUMA-aware pod gets; undefined when it is not NUMA-aware. */
export function guaranteedCpuCount(app: StoredCycloneApp): number | undefined {
  if (!app.spec.performance.numaAware) return undefined;
  const cpu = parseQuantity(app.spec.resources?.limits?.cpu);
  return cpu === undefined ? undefined : Math.round(cpu);
}

/** The hugepage sizes the app reserves, e.g. ['2Mi']. */
export function hugepageSizes(app: StoredCycloneApp): string[] {
  const resources = desiredResources(app);
  return Object.keys(resources?.limits ?? {})
    .filter((name) => name.startsWith(HUGEPAGES_PREFIX))
    .map((name) => name.slice(HUGEPAGES_PREFIX.length))
    .sort();
}

/** The amount of hugepages-<size> the pod reserves, for the node check. */
export function hugepagesRequests(app: StoredCycloneApp): Record<string, string> {
  const requests = desiredResources(app)?.requests ?? {};
  return Object.fromEntries(Object.entries(requests).filter(([name]) => name.startsWith(HUGEPAGES_PREFIX)));
}

/** One emptyDir per securityContext.hugepages entry, with the medium of its page size. */
export function hugepagesVolumes(app: StoredCycloneApp): { volumes: V1Volume[]; mounts: V1VolumeMount[] } {
  const entries = app.spec.securityContext.hugepages ?? [];
  const sizes = hugepageSizes(app);
  const volumes: V1Volume[] = [];
  const mounts: V1VolumeMount[] = [];
  entries.forEach((entry, index) => {
    const name = `hugepages-${index}`;
    // Medium HugePages alone is valid only while the pod reserves a single page size.
    const size = entry.pageSize ?? (sizes.length === 1 ? sizes[0] : undefined);
    volumes.push({ name, emptyDir: { medium: size ? `HugePages-${size}` : 'HugePages' } });
    mounts.push({ name, mountPath: entry.mountPath, ...(entry.mountPropagation ? { mountPropagation: entry.mountPropagation } : {}) });
  });
  return { volumes, mounts };
}

function larger(a: string | number | undefined, b: string | number | undefined): string | number {
  if (a === undefined) return b!;
  if (b === undefined) return a;
  return (parseQuantity(a) ?? 0) >= (parseQuantity(b) ?? 0) ? a : b;
}

/** Keeps the first of equal entries (a toleration or requirement the user already wrote is not repeated). */
function distinct<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = canonicalJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
