// The seed's "resource breach", made visible: from the pods' container statuses the operator learns
// that a container was OOMKilled, stopped by its CPU-time ulimit, or that a pod was evicted for a
// resource, and says what to change. A pod status shows only a container's last termination, so the
// terminations seen are kept in status.resourceTerminations for the window and counted there: the
// count survives pod replacement and operator restarts. The clock is passed in.
import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { toRfc3339, type ConditionStatus } from '@operators/k8s-common';
import type { DefaultedTickStormSpec } from '../api/v1alpha1/defaults.ts';
import { RESOURCE_PRESSURE_WINDOW_MINUTES, type ResourceTermination } from '../api/v1alpha1/tickstorm.ts';

export type { ResourceTermination };

export const OOM_KILLED = 'OOMKilled';
export const CPU_TIME_LIMIT = 'CPUTimeLimit';
export const EVICTED = 'Evicted';
/** 128 + SIGXCPU (24): the kernel's signal when a process reaches its RLIMIT_CPU (ulimits.maxCpuTime). */
export const SIGXCPU_EXIT_CODE = 152;
/** status.resourceTerminations holds at most this many, the most recent. */
export const MAX_RECORDED_TERMINATIONS = 50;

export interface ResourcePressureInput {
  /** The TickStorm's pods, as the cache holds them. */
  pods: readonly V1Pod[];
  /** status.resourceTerminations as last written. */
  recorded: readonly ResourceTermination[] | undefined;
  spec: Pick<DefaultedTickStormSpec, 'resources' | 'runtime' | 'ulimits'>;
  now: Date;
  windowMinutes?: number;
}

export interface ResourcePressureVerdict {
  /** The new status.resourceTerminations: those within the window, oldest first. */
  terminations: ResourceTermination[];
  /** Terminations seen for the first time in this pass; the reconciler emits an Event when there are any. */
  newTerminations: ResourceTermination[];
  condition: { status: ConditionStatus; reason: string; message: string };
  /** A Warning Event for the new terminations, if any. */
  event?: { reason: string; message: string };
  /** When the oldest termination leaves the window, so the condition can clear though no watch event comes. */
  recheckAfterMs?: number;
}

export function resourcePressure(input: ResourcePressureInput): ResourcePressureVerdict {
  const windowMinutes = input.windowMinutes ?? RESOURCE_PRESSURE_WINDOW_MINUTES;
  const windowStart = input.now.getTime() - windowMinutes * 60_000;
  const recorded = input.recorded ?? [];
  const known = new Map(recorded.map((termination) => [identity(termination), termination]));
  const observed = input.pods.flatMap((pod) => podTerminations(pod, recorded, input.now));
  const newTerminations = observed.filter((termination) => !known.has(identity(termination)));
  for (const termination of observed) if (!known.has(identity(termination))) known.set(identity(termination), termination);

  const terminations = [...known.values()]
    .filter((termination) => Date.parse(termination.finishedAt) > windowStart)
    .sort((a, b) => Date.parse(a.finishedAt) - Date.parse(b.finishedAt) || identity(a).localeCompare(identity(b)))
    .slice(-MAX_RECORDED_TERMINATIONS);
  const recentNew = newTerminations.filter((termination) => Date.parse(termination.finishedAt) > windowStart);

  const condition = pressureCondition(terminations, input.spec, windowMinutes);
  const oldest = terminations[0];
  return {
    terminations,
    newTerminations: recentNew,
    condition,
    ...(recentNew.length > 0 ? { event: { reason: condition.reason, message: `${describe(recentNew)}. ${condition.message}` } } : {}),
    ...(oldest ? { recheckAfterMs: Math.max(1000, Date.parse(oldest.finishedAt) - windowStart + 1000) } : {}),
  };
}

/** The resource terminations a pod's status shows: each container's last and current termination, and an eviction. */
export function podTerminations(pod: V1Pod, recorded: readonly ResourceTermination[], now: Date): ResourceTermination[] {
  const podName = pod.metadata?.name ?? '';
  const fromContainers = (pod.status?.containerStatuses ?? []).flatMap((status) => containerTerminations(podName, status));
  const eviction = podEviction(pod, recorded, now);
  return [...fromContainers, ...(eviction ? [eviction] : [])];
}

function containerTerminations(pod: string, status: V1ContainerStatus): ResourceTermination[] {
  const found = new Map<string, ResourceTermination>();
  for (const terminated of [status.lastState?.terminated, status.state?.terminated]) {
    if (!terminated) continue;
    const kind = terminated.reason === OOM_KILLED ? { reason: OOM_KILLED, resource: 'memory' } : terminated.exitCode === SIGXCPU_EXIT_CODE ? { reason: CPU_TIME_LIMIT, resource: 'cpu-time' } : undefined;
    const finishedAt = timestamp(terminated.finishedAt);
    if (!kind || !finishedAt) continue;
    // A container that has not restarted yet shows the same termination as state and, later, as lastState.
    const termination = { pod, container: status.name, ...kind, finishedAt };
    found.set(identity(termination), termination);
  }
  return [...found.values()];
}

/**
 * An evicted pod (phase Failed, reason Evicted): the kubelet's message says which resource. A pod is
 * evicted once; it has no finish time of its own, so the time it was first seen is kept.
 */
function podEviction(pod: V1Pod, recorded: readonly ResourceTermination[], now: Date): ResourceTermination | undefined {
  if (pod.status?.reason !== EVICTED) return undefined;
  const podName = pod.metadata?.name ?? '';
  const seen = recorded.find((termination) => termination.pod === podName && termination.reason === EVICTED);
  if (seen) return seen;
  return { pod: podName, container: '', reason: EVICTED, resource: evictedFor(pod.status?.message ?? ''), finishedAt: toRfc3339(now) };
}

/** `ephemeral-storage` for a pod over its own storage limit; `node <resource>` when the node ran low. */
export function evictedFor(message: string): string {
  if (/ephemeral/i.test(message) && !/node was low/i.test(message)) return 'ephemeral-storage';
  const nodeResource = /low on resource: ([a-z][\w-]*)/i.exec(message)?.[1];
  return nodeResource ? `node ${nodeResource}` : 'unknown';
}

function pressureCondition(
  terminations: readonly ResourceTermination[],
  spec: ResourcePressureInput['spec'],
  windowMinutes: number,
): ResourcePressureVerdict['condition'] {
  const window = `${windowMinutes} min`;
  if (terminations.length === 0) {
    return { status: 'False', reason: 'NoResourcePressure', message: `no container ran out of memory, CPU time or storage in the last ${window}` };
  }
  const count = (reason: string, resource?: (r: string) => boolean) =>
    terminations.filter((t) => t.reason === reason && (!resource || resource(t.resource))).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const { limits } = spec.resources;
  const parts: { reason: string; text: string }[] = [];

  const oomKills = count(OOM_KILLED);
  if (oomKills > 0) {
    const advice = spec.runtime.gomemlimit === undefined
      ? 'raise limits.memory; GOMEMLIMIT follows'
      : `raise limits.memory, or lower runtime.gomemlimit (${spec.runtime.gomemlimit}) so that the Go runtime collects garbage sooner`;
    parts.push({ reason: OOM_KILLED, text: `${plural(oomKills, 'OOMKill')} in ${window} at limits.memory ${limits.memory}: ${advice}` });
  }
  const cpuTime = count(CPU_TIME_LIMIT);
  if (cpuTime > 0) {
    parts.push({
      reason: 'CPUTimeLimitReached',
      text: `${plural(cpuTime, 'restart')} in ${window} at ulimits.maxCpuTime ${spec.ulimits.maxCpuTime}s of CPU time: raise ulimits.maxCpuTime, or set it to 0 (unlimited)`,
    });
  }
  const storage = count(EVICTED, (resource) => resource === 'ephemeral-storage');
  if (storage > 0) {
    parts.push({
      reason: EVICTED,
      text: `${plural(storage, 'eviction')} in ${window} for ephemeral storage above limits.ephemeral-storage ${limits['ephemeral-storage']}: raise limits.ephemeral-storage`,
    });
  }
  const nodeResources = [...new Set(terminations.filter((t) => t.reason === EVICTED && t.resource.startsWith('node ')).map((t) => t.resource.slice('node '.length)))];
  for (const resource of nodeResources) {
    const evictions = count(EVICTED, (r) => r === `node ${resource}`);
    const advice = resource in limits ? `raise requests.${resource} towards limits.${resource}, so that the kubelet evicts other pods first` : 'see the node\'s conditions';
    parts.push({ reason: EVICTED, text: `${plural(evictions, 'eviction')} in ${window} because a node ran low on ${resource}: ${advice}` });
  }
  const unknown = count(EVICTED, (resource) => resource === 'unknown');
  if (unknown > 0) parts.push({ reason: EVICTED, text: `${plural(unknown, 'eviction')} in ${window}: see kubectl get events` });

  return { status: 'True', reason: parts[0]!.reason, message: parts.map((part) => part.text).join('. ') };
}

function describe(terminations: readonly ResourceTermination[]): string {
  return terminations.map((t) => `${t.container ? `${t.pod}/${t.container}` : t.pod} ${t.reason}${t.reason === EVICTED ? ` (${t.resource})` : ''}`).join(', ');
}

function identity(termination: ResourceTermination): string {
  return `${termination.pod}/${termination.container}/${termination.reason}/${termination.finishedAt}`;
}

/** RFC 3339 with seconds, whether the client handed over a string or a Date. */
function timestamp(value: unknown): string | undefined {
  if (value instanceof Date) return toRfc3339(value);
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return toRfc3339(new Date(value));
  return undefined;
}
