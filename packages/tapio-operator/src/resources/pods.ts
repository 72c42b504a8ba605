// Pod-level pieces every Tapio workload shares: images, security contexts, resource sizes and the
// high-availability scheduling rules.
import type {
  V1Affinity,
  V1Container,
  V1PodSecurityContext,
  V1ResourceRequirements,
  V1SecurityContext,
  V1TopologySpreadConstraint,
} from '@kubernetes/client-node';
import type { ResourceRequirements } from '@operators/k8s-common';

/** Port names every Tapio component uses: `http` for its API, `metrics` for /metrics, /healthz and /readyz. */
export const HTTP_PORT_NAME = 'http';
export const METRICS_PORT_NAME = 'metrics';

/** The user of the Tapio images (distroless nonroot); runAsNonRoot can only verify a numeric user. */
export const TAPIO_UID = 65532;

/** `<registry>/tapio-<image>:<version>`; a version that is a digest (sha256:…) pins the image by content. */
export function tapioImage(registry: string, image: string, version: string): string {
  return version.startsWith('sha256:') ? `${registry}/tapio-${image}@${version}` : `${registry}/tapio-${image}:${version}`;
}

/** The restricted Pod Security Standard, for a pod whose user is `uid`. */
export function restrictedPodSecurityContext(uid: number): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    // Makes the volumes writable by the user; OnRootMismatch skips the recursive chown of a large
    // volume on every start.
    fsGroup: uid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The restricted Pod Security Standard for a container, with a read-only root filesystem unless the image cannot run with one. */
export function restrictedContainerSecurityContext({ readOnlyRootFilesystem = true } = {}): V1SecurityContext {
  return { allowPrivilegeEscalation: false, readOnlyRootFilesystem, capabilities: { drop: ['ALL'] } };
}

/** Requests and limits only: `claims` (DRA) would need pod-level resource claims, which no Tapio pod uses. */
export function containerResources(resources: ResourceRequirements): V1ResourceRequirements {
  const asStrings = (list: Record<string, string | number> | undefined) =>
    list && Object.fromEntries(Object.entries(list).map(([name, quantity]) => [name, String(quantity)]));
  const requests = asStrings(resources.requests);
  const limits = asStrings(resources.limits);
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/** A size: requests, and a memory limit (no CPU limit, which only throttles). */
export function sized(cpu: string, memory: string, memoryLimit: string): V1ResourceRequirements {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/** The first resources that are set: the component's own, the shared ones, else the default for its size. */
export function chooseResources(
  own: ResourceRequirements | undefined,
  shared: ResourceRequirements | undefined,
  fallback: V1ResourceRequirements,
): V1ResourceRequirements {
  const chosen = own ?? shared;
  return chosen ? containerResources(chosen) : fallback;
}

/** An emptyDir at /tmp, because the root filesystem is read-only. */
export const TMP_VOLUME = { name: 'tmp', emptyDir: {} };
export const TMP_MOUNT = { name: 'tmp', mountPath: '/tmp' };

const HOSTNAME = 'kubernetes.io/hostname';
const ZONE = 'topology.kubernetes.io/zone';

/**
 * How a highly available component's pods spread: over nodes by anti-affinity (required for quorum
 * members, where two on one node would make that node's loss a quorum loss; preferred for stateless
 * services, which should still schedule on a small cluster), and over zones, best effort (a cluster
 * may have a single zone, or none labelled).
 */
export function highAvailabilityScheduling(
  selector: Record<string, string>,
  { requireSeparateNodes }: { requireSeparateNodes: boolean },
): { affinity: V1Affinity; topologySpreadConstraints: V1TopologySpreadConstraint[] } {
  const term = { labelSelector: { matchLabels: selector }, topologyKey: HOSTNAME };
  return {
    affinity: {
      podAntiAffinity: requireSeparateNodes
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } }],
  };
}

/** The container named `name` of a pod spec, for tests and for the builders that decorate one. */
export function containerNamed(containers: readonly V1Container[] | undefined, name: string): V1Container {
  const container = containers?.find((candidate) => candidate.name === name);
  if (!container) throw new Error(`no container ${name}`);
  return container;
}
