// Pod spec pieces every Prism workload shares: the restricted Pod Security Standard, resources,
// placement, probes and the merge of operator and user environment variables.
import type {
  V1Container,
  V1EnvVar,
  V1PodSecurityContext,
  V1PodSpec,
  V1Probe,
  V1ResourceRequirements,
  V1SecurityContext,
  V1TopologySpreadConstraint,
} from '@kubernetes/client-node';
import type { ResourceRequirements } from '@operators/k8s-common';
import type { Placement } from '../api/v1alpha1/workload.ts';

/**
 * The user the Prism images run as: runAsNonRoot can only verify a numeric user, and 65532 is the
 * conventional non-root user of distroless images.
 */
export const PRISM_UID = 65532;

/** Restricted Pod Security Standard, pod level. */
export const restrictedPodSecurityContext: V1PodSecurityContext = {
  runAsNonRoot: true,
  runAsUser: PRISM_UID,
  runAsGroup: PRISM_UID,
  // Makes mounted Secret files (mode 0440) readable by the container's user.
  fsGroup: PRISM_UID,
  seccompProfile: { type: 'RuntimeDefault' },
};

/** Restricted Pod Security Standard, container level; the root filesystem is read-only, /tmp is an emptyDir. */
export const restrictedContainerSecurityContext: V1SecurityContext = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

export const TMP_VOLUME = 'tmp';
export const tmpVolume = { name: TMP_VOLUME, emptyDir: {} };
export const tmpVolumeMount = { name: TMP_VOLUME, mountPath: '/tmp' };

/** Requests and limits as strings; `claims` (DRA) would need pod-level resource claims, which Prism does not use. */
export function resourceRequirements(resources: ResourceRequirements): V1ResourceRequirements {
  const asStrings = (list: Record<string, string | number> | undefined) =>
    list && Object.fromEntries(Object.entries(list).map(([name, quantity]) => [name, String(quantity)]));
  const requests = asStrings(resources.requests);
  const limits = asStrings(resources.limits);
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/** The pod spec fields of a placement; absent fields stay absent, so the pod spec carries only what was asked. */
export function placementFields(placement: Placement | undefined): Pick<V1PodSpec, 'nodeSelector' | 'affinity' | 'tolerations' | 'topologySpreadConstraints' | 'priorityClassName'> {
  if (!placement) return {};
  const { nodeSelector, affinity, tolerations, topologySpreadConstraints, priorityClassName } = placement;
  return {
    ...(nodeSelector ? { nodeSelector } : {}),
    ...(affinity ? { affinity } : {}),
    ...(tolerations ? { tolerations } : {}),
    ...(topologySpreadConstraints ? { topologySpreadConstraints: topologySpreadConstraints as V1TopologySpreadConstraint[] } : {}),
    ...(priorityClassName ? { priorityClassName } : {}),
  };
}

/**
 * The operator's variables with the user's appended; a user variable of the same name replaces the
 * operator's in place. A name twice would break server-side apply, which keys env by name.
 */
export function mergeEnv(operatorEnv: readonly V1EnvVar[], userEnv: readonly V1EnvVar[] | undefined): V1EnvVar[] {
  const user = new Map((userEnv ?? []).map((variable) => [variable.name, variable]));
  const merged = operatorEnv.map((variable) => user.get(variable.name) ?? variable);
  const taken = new Set(operatorEnv.map((variable) => variable.name));
  return [...merged, ...(userEnv ?? []).filter((variable) => !taken.has(variable.name))];
}

export const podIdentityEnv: V1EnvVar[] = [
  { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
];

/** HTTP readiness and liveness probes on a named port; liveness tolerates a longer outage than readiness. */
export function httpProbes(path: string, port: string): Pick<V1Container, 'readinessProbe' | 'livenessProbe'> {
  const probe = (timing: Pick<V1Probe, 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold'>): V1Probe => ({
    httpGet: { path, port, scheme: 'HTTP' },
    ...timing,
  });
  return {
    readinessProbe: probe({ periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 }),
    livenessProbe: probe({ periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 }),
  };
}

/** Roll with up to a quarter more pods, never taking a ready pod away before its replacement is ready. */
export const zeroDowntimeRollingUpdate = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } } as const;
