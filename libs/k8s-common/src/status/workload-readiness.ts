// Whether a workload is current and ready, by the rules of kstatus (sigs.k8s.io/cli-utils
// pkg/kstatus/status: generic.go and core.go), which Argo CD, Flux and `kubectl wait` users
// already read conditions by. A pure function of the object as read (plus, optionally, its pods
// and its Events), so an operator's Ready/Progressing/Degraded mean what those tools mean.
//
// Where this differs from kstatus, on purpose:
// - A workload kind whose controller writes status.observedGeneration (Deployment, StatefulSet,
//   DaemonSet, ReplicaSet) is not current while it is missing: a workload the API server has just
//   created or updated is returned without the controller's answer (kstatus insists on it for
//   DaemonSets only and otherwise falls back to the counts, which a 0-replica workload passes).
// - A StatefulSet with the OnDelete strategy is judged like any other, with "every pod on the
//   update revision" (updatedReplicas) in place of currentRevision == updateRevision, which the
//   StatefulSet controller never advances under OnDelete. kstatus calls it Current at once,
//   because it cannot know whether anyone will delete the pods; an operator that rolls them does.
// - kstatus says only *that* a workload is not ready. This also says *why* when the pods or the
//   workload controller say it: pods the scheduler cannot place (PodScheduled=False,
//   Unschedulable, with the scheduler's message), pods that cannot be created (a ReplicaFailure
//   condition, or FailedCreate Events, e.g. a quota), and containers that cannot start.
import type { V1Pod } from '@kubernetes/client-node';
import type { KubeObject } from '../client/kube-client.ts';

/** kstatus' statuses; `NotFound` is the absence of an object and left to the caller. */
export type WorkloadStatus = 'Current' | 'InProgress' | 'Failed' | 'Terminating';

export interface WorkloadReadiness {
  status: WorkloadStatus;
  /** kstatus' reason, CamelCase: `LessReady`, `LatestGenerationNotObserved`, `ProgressDeadlineExceeded`, `JobFailed`, `NotBound` … */
  reason: string;
  /** What is missing, and why where known: `StatefulSet ns/db: Ready: 1/3; pod db-2 cannot be scheduled: 0/3 nodes …`. */
  message: string;
  /** When not current: what the pods or the workload controller report as keeping it from progressing. */
  blocker?: WorkloadBlocker;
}

export interface WorkloadBlocker {
  /** The pods' or the workload's own reason: `Unschedulable`, `FailedCreate`, `CrashLoopBackOff` … */
  reason: string;
  /** Their message, prefixed with the pod it comes from. */
  message: string;
}

/** The part of an Event (core/v1 or events.k8s.io/v1) that explains a workload. */
export interface WorkloadEvent {
  type?: string;
  reason?: string;
  /** core/v1 */
  message?: string;
  /** events.k8s.io/v1 */
  note?: string;
}

export interface WorkloadReadinessInput {
  /** The workload's pods, to say why it is not ready (unschedulable, cannot start). */
  pods?: readonly V1Pod[];
  /** Recent Events regarding the workload: a `FailedCreate` Warning explains missing pods (StatefulSet, DaemonSet, Job write no condition for it). */
  events?: readonly WorkloadEvent[];
}

type Rules = (object: Workload, input: WorkloadReadinessInput) => Verdict;
type Verdict = Omit<WorkloadReadiness, 'message'> & { message: string };
type Workload = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };
interface WorkloadCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** Kinds whose controller stamps status.observedGeneration on every pass. */
const OBSERVES_GENERATION = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet']);

const RULES: Record<string, Rules> = {
  'apps/Deployment': deploymentRules,
  'apps/StatefulSet': statefulSetRules,
  'apps/DaemonSet': daemonSetRules,
  'apps/ReplicaSet': replicaSetRules,
  'batch/Job': jobRules,
  PersistentVolumeClaim: pvcRules,
};

/** The kinds `workloadReadiness` knows (`group/Kind`, core kinds without a group). */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(RULES);

/**
 * Whether `workload` (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or
 * PersistentVolumeClaim, as read or as an apply returned it) is current and ready, and if not,
 * what it waits for and why. Throws for other kinds.
 */
export function workloadReadiness(workload: KubeObject, input: WorkloadReadinessInput = {}): WorkloadReadiness {
  const key = kindKey(workload);
  const rules = RULES[key];
  if (!rules) throw new Error(`workloadReadiness: ${key || 'an object without apiVersion/kind'} is not one of ${WORKLOAD_KINDS.join(', ')}`);
  const object = workload as Workload;
  const label = `${workload.kind} ${[workload.metadata?.namespace, workload.metadata?.name].filter(Boolean).join('/')}`;
  const verdict = genericRules(object, OBSERVES_GENERATION.has(key)) ?? rules(object, input);
  if (verdict.status !== 'InProgress') return { ...verdict, message: `${label}: ${verdict.message}` };
  const blocker = verdict.blocker ?? podBlocker(input.pods ?? []) ?? (missingPods(object) ? eventBlocker(input.events ?? []) : undefined);
  if (!blocker) return { ...verdict, message: `${label}: ${verdict.message}` };
  return { status: verdict.status, reason: verdict.reason, message: `${label}: ${verdict.message}; ${blocker.message}`, blocker };
}

/** kstatus' checkGenericProperties: deletion, then the generation the controller has observed. */
function genericRules(object: Workload, observesGeneration: boolean): Verdict | undefined {
  if (object.metadata?.deletionTimestamp) return { status: 'Terminating', reason: 'Terminating', message: 'scheduled for deletion' };
  const generation = object.metadata?.generation;
  const observed = object.status?.['observedGeneration'];
  if (generation === undefined) return undefined;
  if (typeof observed !== 'number') {
    if (!observesGeneration) return undefined;
    return inProgress('NoObservedGeneration', `generation ${generation} not observed by its controller yet`);
  }
  if (observed !== generation) return inProgress('LatestGenerationNotObserved', `generation is ${generation}, but latest observed generation is ${observed}`);
  return undefined;
}

function deploymentRules(object: Workload): Verdict {
  // Without a progress deadline the controller never sets Progressing, so it counts as progressing.
  let progressing = object.spec?.['progressDeadlineSeconds'] === undefined || object.spec['progressDeadlineSeconds'] === 2147483647;
  let available = false;
  const conditions = conditionsOf(object);
  for (const c of conditions) {
    if (c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded') {
      return { status: 'Failed', reason: 'ProgressDeadlineExceeded', message: c.message || 'progress deadline exceeded' };
    }
    if (c.type === 'Progressing' && c.status === 'True' && c.reason === 'NewReplicaSetAvailable') progressing = true;
    if (c.type === 'Available' && c.status === 'True') available = true;
  }
  const blocker = replicaFailure(conditions);
  const spec = specReplicas(object);
  const replicas = count(object, 'replicas');
  const updated = count(object, 'updatedReplicas');
  const ready = count(object, 'readyReplicas');
  const availableReplicas = count(object, 'availableReplicas');
  const verdict =
    spec > replicas ? inProgress('LessReplicas', `Replicas: ${replicas}/${spec}`)
    : spec > updated ? inProgress('LessUpdated', `Updated: ${updated}/${spec}`)
    : replicas > spec ? inProgress('ExtraPods', `Pending termination: ${replicas - spec}`)
    : updated > availableReplicas ? inProgress('LessAvailable', `Available: ${availableReplicas}/${updated}`)
    : spec > ready ? inProgress('LessReady', `Ready: ${ready}/${spec}`)
    : !progressing ? inProgress('ReplicaSetNotAvailable', 'ReplicaSet not Available')
    : !available ? inProgress('DeploymentNotAvailable', 'Deployment not Available')
    : current(`Deployment is available. Replicas: ${replicas}`);
  return blocker && verdict.status === 'InProgress' ? { ...verdict, blocker } : verdict;
}

function statefulSetRules(object: Workload): Verdict {
  const strategy = object.spec?.['updateStrategy'] as { type?: string; rollingUpdate?: { partition?: number } } | undefined;
  const spec = specReplicas(object);
  const replicas = count(object, 'replicas');
  const ready = count(object, 'readyReplicas');
  const updated = count(object, 'updatedReplicas');
  const currentReplicas = count(object, 'currentReplicas');
  if (spec > replicas) return inProgress('LessReplicas', `Replicas: ${replicas}/${spec}`);
  if (spec > ready) return inProgress('LessReady', `Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  if (strategy?.type === 'OnDelete') {
    return spec > updated ? inProgress('LessUpdated', `Updated: ${updated}/${spec}`) : current(`every pod on the update revision. Replicas: ${replicas}`);
  }
  const partition = strategy?.rollingUpdate?.partition;
  if (partition !== undefined) {
    return updated < spec - partition
      ? inProgress('PartitionRollout', `updated: ${updated}/${spec - partition}`)
      : current(`Partition rollout complete. updated: ${updated}`);
  }
  if (spec > currentReplicas) return inProgress('LessCurrent', `current: ${currentReplicas}/${spec}`);
  if (object.status?.['currentRevision'] !== object.status?.['updateRevision']) return inProgress('RevisionMismatch', 'Waiting for updated revision to match current');
  return current(`All replicas scheduled as expected. Replicas: ${replicas}`);
}

function daemonSetRules(object: Workload): Verdict {
  const desired = object.status?.['desiredNumberScheduled'];
  if (typeof desired !== 'number') return inProgress('NoDesiredNumber', 'Missing .status.desiredNumberScheduled');
  const scheduled = count(object, 'currentNumberScheduled');
  const updated = count(object, 'updatedNumberScheduled');
  const available = count(object, 'numberAvailable');
  const ready = count(object, 'numberReady');
  if (desired > scheduled) return inProgress('LessCurrent', `Current: ${scheduled}/${desired}`);
  if (desired > updated) return inProgress('LessUpdated', `Updated: ${updated}/${desired}`);
  if (desired > available) return inProgress('LessAvailable', `Available: ${available}/${desired}`);
  if (desired > ready) return inProgress('LessReady', `Ready: ${ready}/${desired}`);
  return current(`All replicas scheduled as expected. Replicas: ${desired}`);
}

function replicaSetRules(object: Workload): Verdict {
  const blocker = replicaFailure(conditionsOf(object));
  if (blocker) return { ...inProgress('ReplicaFailure', 'Replica Failure condition'), blocker };
  const spec = specReplicas(object);
  const labelled = count(object, 'fullyLabeledReplicas');
  const available = count(object, 'availableReplicas');
  const ready = count(object, 'readyReplicas');
  const replicas = count(object, 'replicas');
  if (spec > labelled) return inProgress('LessLabelled', `Labelled: ${labelled}/${spec}`);
  if (spec > available) return inProgress('LessAvailable', `Available: ${available}/${spec}`);
  if (spec > ready) return inProgress('LessReady', `Ready: ${ready}/${spec}`);
  if (replicas > spec) return inProgress('ExtraPods', `Pending termination: ${replicas - spec}`);
  return current(`ReplicaSet is available. Replicas: ${replicas}`);
}

/** A Job is current once it runs (kstatus): completion is for the caller to wait on. */
function jobRules(object: Workload): Verdict {
  const parallelism = numberAt(object.spec, 'parallelism') ?? 1;
  const completions = numberAt(object.spec, 'completions') ?? parallelism;
  const succeeded = count(object, 'succeeded');
  for (const c of conditionsOf(object)) {
    if (c.status !== 'True') continue;
    if (c.type === 'Complete') return current(`Job Completed. succeeded: ${succeeded}/${completions}`);
    if (c.type === 'Failed') return { status: 'Failed', reason: 'JobFailed', message: `Job Failed. failed: ${count(object, 'failed')}/${completions}${c.message ? `: ${c.message}` : ''}` };
    if (c.type === 'Suspended') return current('Job is suspended');
  }
  if (!object.status?.['startTime']) return inProgress('JobNotStarted', 'Job not started');
  return current(`Job in progress. success: ${succeeded}, active: ${count(object, 'active')}, failed: ${count(object, 'failed')}`);
}

function pvcRules(object: Workload): Verdict {
  const phase = object.status?.['phase'];
  return phase === 'Bound' ? current('PVC is Bound') : inProgress('NotBound', `PVC is not Bound. phase: ${typeof phase === 'string' ? phase : 'unknown'}`);
}

/** Waiting reasons of a container that will not become ready by waiting alone. */
const STUCK_CONTAINER_REASONS = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'InvalidImageName']);

/** The first pod, by name, that says why it does not run: unschedulable first, then a container that cannot start. */
function podBlocker(pods: readonly V1Pod[]): WorkloadBlocker | undefined {
  const live = [...pods].filter((pod) => !pod.metadata?.deletionTimestamp).sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
  for (const pod of live) {
    const scheduled = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
      return { reason: 'Unschedulable', message: `pod ${pod.metadata?.name} cannot be scheduled: ${scheduled.message ?? 'no reason given'}` };
    }
  }
  for (const pod of live) {
    for (const status of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])]) {
      const waiting = status.state?.waiting;
      if (waiting?.reason && STUCK_CONTAINER_REASONS.has(waiting.reason)) {
        return { reason: waiting.reason, message: `pod ${pod.metadata?.name} container ${status.name}: ${waiting.reason}${waiting.message ? `: ${waiting.message}` : ''}` };
      }
    }
  }
  return undefined;
}

/** The last FailedCreate Warning: why the workload controller could not create a pod. */
function eventBlocker(events: readonly WorkloadEvent[]): WorkloadBlocker | undefined {
  const failed = events.filter((e) => e.reason === 'FailedCreate' && (e.type === undefined || e.type === 'Warning')).at(-1);
  if (!failed) return undefined;
  return { reason: 'FailedCreate', message: failed.note ?? failed.message ?? 'a pod could not be created' };
}

/** The ReplicaFailure condition (FailedCreate: quota, admission …) of a ReplicaSet or Deployment. */
function replicaFailure(conditions: readonly WorkloadCondition[]): WorkloadBlocker | undefined {
  const c = conditions.find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
  return c ? { reason: c.reason || 'ReplicaFailure', message: c.message || 'a replica could not be created' } : undefined;
}

/** Fewer pods exist than the spec asks for: only then does an Event about failed creation explain anything. */
export function missingPods(workload: KubeObject): boolean {
  const object = workload as Workload;
  if (object.kind === 'DaemonSet') return count(object, 'currentNumberScheduled') < (numberAt(object.status, 'desiredNumberScheduled') ?? 0);
  if (object.kind === 'Job') return count(object, 'active') === 0;
  return count(object, 'replicas') < specReplicas(object);
}

function kindKey(object: KubeObject): string {
  const apiVersion = object.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group ? `${group}/${object.kind ?? ''}` : (object.kind ?? '');
}

function conditionsOf(object: Workload): WorkloadCondition[] {
  const conditions = object.status?.['conditions'];
  return Array.isArray(conditions) ? (conditions as WorkloadCondition[]) : [];
}

/** The controllers' default when spec.replicas is unset. */
function specReplicas(object: Workload): number {
  return numberAt(object.spec, 'replicas') ?? 1;
}

function count(object: Workload, field: string): number {
  return numberAt(object.status, field) ?? 0;
}

function numberAt(record: Record<string, unknown> | undefined, field: string): number | undefined {
  const value = record?.[field];
  return typeof value === 'number' ? value : undefined;
}

function inProgress(reason: string, message: string): Verdict {
  return { status: 'InProgress', reason, message };
}

function current(message: string): Verdict {
  return { status: 'Current', reason: 'Current', message };
}
