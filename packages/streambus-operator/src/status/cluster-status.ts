// The status of a StreamBusCluster as a pure function of what the reconciler observed. Like
// cert-manager's, the decision is a chain evaluated in order whose first match sets the phase and the
// conditions; the gathering (I/O) happens elsewhere and the clock is passed in. Whether the broker
// StatefulSet is current and ready is kstatus' answer (workloadReadiness), with the pods' own
// reason when they cannot be scheduled or created.
import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import {
  checkProgress,
  PAUSED_CONDITION,
  PAUSED_REASON,
  pauseState,
  removeCondition,
  setConditions,
  toLabelSelector,
  workloadReadiness,
  type Condition,
  type ConditionParts,
  type ConditionStatus,
  type ConditionUpdate,
  type ProgressMark,
  type WorkloadEvent,
  type WorkloadReadiness,
} from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { PAUSE_RECONCILIATION_ANNOTATION, type ClusterPhase, type StreamBusClusterStatus } from '../api/v1alpha1/streambuscluster.ts';
import { brokerEndpoints } from '../resources/endpoints.ts';
import { brokerSelectorLabels, clusterNamespace } from '../resources/metadata.ts';
import type { BrokerAction } from '../rollout/broker-roller.ts';

/** What the reconciler found, or decided, in this pass. */
export interface ObservedClusterState {
  /**
   * The broker StatefulSet as this pass's apply returned it (the server's answer after a write,
   * whose generation its controller has not observed yet), or as cached while paused.
   */
  statefulSet?: V1StatefulSet;
  /** The broker pods: they say why brokers cannot be scheduled or started. */
  pods?: readonly V1Pod[];
  /** Recent FailedCreate Events of the StatefulSet: why pods are missing (a quota). */
  events?: readonly WorkloadEvent[];
  /** Secrets the spec names that do not exist (not checked while paused). */
  missingSecrets: readonly string[];
  /** nextBrokerAction's decision for this pass. */
  rollout: BrokerAction;
  /** The ServiceMonitor condition (reconcileOptionalChild's); undefined when not asked for. */
  serviceMonitor?: ConditionParts;
  /** Why the spec cannot be realised, when something beyond the schema found out (e.g. a webhook-less check). */
  specError?: string;
}

export interface ComputedClusterStatus {
  phase: ClusterPhase;
  conditions: Condition[];
  replicas: number;
  readyReplicas: number;
  observedGeneration?: number;
  endpoints: string[];
  selector: string;
  rollout?: NonNullable<StreamBusClusterStatus['rollout']>;
  /** The step in progress and since when, for spec.progressDeadlineSeconds. */
  progress?: ProgressMark;
}

export const READY = 'Ready';
export const PROGRESSING = 'Progressing';
export const DEGRADED = 'Degraded';
export const SERVICE_MONITOR = 'ServiceMonitor';
export const PAUSED = PAUSED_CONDITION;

/** Phases in which the cluster has served with every broker ready at least once. */
const HAS_RUN: readonly (ClusterPhase | undefined)[] = ['Running', 'Updating', 'Degraded'];

interface Verdict {
  phase: ClusterPhase;
  ready: ConditionParts;
  progressing: ConditionParts;
  degraded: ConditionParts;
}

export function computeClusterStatus(
  cluster: DefaultedStreamBusCluster,
  observed: ObservedClusterState,
  now: Date,
): ComputedClusterStatus {
  const { statefulSet } = observed;
  const replicas = statefulSet?.status?.replicas ?? 0;
  const readyReplicas = statefulSet?.status?.readyReplicas ?? 0;
  const readiness = statefulSet ? workloadReadiness(statefulSet, { pods: observed.pods ?? [], events: observed.events ?? [] }) : undefined;
  const pause = pauseState(cluster, PAUSE_RECONCILIATION_ANNOTATION);
  const verdict = pause.condition ? decidePaused(cluster, pause.condition.message, readiness, replicas, readyReplicas) : decide(cluster, observed, readiness, replicas, readyReplicas);
  // Progress is a change of what the rollout waits on; none for spec.progressDeadlineSeconds is Degraded.
  const stalled = checkProgress(cluster.status?.progress, verdict.progressing.status === 'True' ? verdict.progressing.message : undefined, now, cluster.spec.progressDeadlineSeconds);
  if (stalled.degraded) verdict.degraded = stalled.degraded;
  // While paused nothing of a changed spec is applied: status describes the generation last applied.
  const generation = pause.observedGeneration;
  const stamp = (type: string, update: Verdict['ready']): ConditionUpdate => ({
    type,
    ...update,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  });

  const updates = [stamp(READY, verdict.ready), stamp(PROGRESSING, verdict.progressing), stamp(DEGRADED, verdict.degraded)];
  const { serviceMonitor } = observed;
  if (serviceMonitor) updates.push(stamp(SERVICE_MONITOR, serviceMonitor));
  if (pause.condition) updates.push(stamp(PAUSED, pause.condition));
  let conditions = setConditions(cluster.status?.conditions, updates, now);
  if (!serviceMonitor) conditions = removeCondition(conditions, SERVICE_MONITOR);
  if (!pause.condition) conditions = removeCondition(conditions, PAUSED);

  const rollout = rolloutStatus(observed.rollout, pause.paused);
  return {
    phase: verdict.phase,
    conditions,
    replicas,
    readyReplicas,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    // Every broker the spec asks for, ready or not: the addresses are stable DNS names, and listing
    // only ready ones would rewrite the status each time a broker restarts.
    endpoints: statefulSet ? brokerEndpoints(cluster) : [],
    selector: toLabelSelector(brokerSelectorLabels(cluster)),
    ...(rollout ? { rollout } : {}),
    ...(stalled.mark ? { progress: stalled.mark } : {}),
  };
}

function decide(cluster: DefaultedStreamBusCluster, observed: ObservedClusterState, readiness: WorkloadReadiness | undefined, replicas: number, ready: number): Verdict {
  const desired = cluster.spec.replicas;
  const counts = `${ready}/${desired} brokers ready`;

  if (observed.specError !== undefined) return failed('InvalidSpec', observed.specError);
  if (observed.missingSecrets.length > 0) return failed('SecretNotFound', missingSecretsMessage(cluster, observed.missingSecrets));

  const { statefulSet, rollout } = observed;
  if (!statefulSet || !readiness) {
    return {
      phase: 'Pending',
      ready: condition('False', 'Pending', 'the broker StatefulSet has not been created yet'),
      progressing: condition('True', 'Creating', 'creating the broker StatefulSet'),
      degraded: condition('False', 'Pending', 'no broker exists yet'),
    };
  }

  // Current: the StatefulSet controller has seen the applied template, and every broker exists,
  // is ready and runs its revision (kstatus' rules, as Argo CD, Flux and kubectl wait read them).
  const onDesiredRevision = rollout.action === 'done';
  if (readiness.status === 'Current' && onDesiredRevision && replicas === desired && ready === desired) {
    return {
      phase: 'Running',
      ready:
        desired === 0
          ? // A cluster scaled to zero is a state the user asked for, not a fault: it is Running with
            // nothing to serve, its volumes kept for a scale-up.
            condition('True', 'ScaledToZero', 'scaled to 0 brokers; the volumes are kept')
          : condition('True', 'AllBrokersReady', `${counts} on the desired revision`),
      progressing: condition('False', 'RolloutComplete', 'every broker runs the desired revision'),
      degraded: condition('False', 'AllBrokersReady', counts),
    };
  }

  // What the pods or the StatefulSet controller say keeps brokers from running (unschedulable, quota).
  const why = readiness.blocker ? `; ${readiness.blocker.reason}: ${readiness.blocker.message}` : '';
  const progress = rolloutInProgress(rollout);
  if (!HAS_RUN.includes(cluster.status?.phase)) {
    return {
      phase: 'Creating',
      ready: condition('False', 'Creating', `${progress ? `${counts}; ${progress.message}` : counts}${why}`),
      progressing: condition('True', 'Creating', `${progress?.message ?? `waiting for ${desired - ready} of ${desired} brokers to become ready`}${why}`),
      degraded: condition('False', 'Creating', 'the first rollout is in progress'),
    };
  }

  // During a normal roll exactly one broker is down: the one just restarted. More than one unready
  // broker blocking the rollout is more than the rollout itself takes down (PDB maxUnavailable 1).
  const blockedByUnreadyBrokers = progress?.action === 'wait' && progress.reason === 'BrokersNotReady' && progress.waitingFor.length > 1;
  const specChanged = cluster.metadata.generation !== cluster.status?.observedGeneration;
  const scaling = replicas !== desired;
  // An apply just changed the template: the StatefulSet controller has not answered yet.
  const templateNotObserved = readiness.reason === 'LatestGenerationNotObserved' || readiness.reason === 'NoObservedGeneration';
  if (progress && !blockedByUnreadyBrokers) {
    return updating(progress.reason, `${counts}; ${progress.message}${why}`, `${progress.message}${why}`);
  }
  if (!progress && (templateNotObserved || scaling || specChanged || cluster.status?.phase === 'Updating')) {
    const reason = scaling ? 'Scaling' : 'Updating';
    const message = scaling ? `scaling from ${replicas} to ${desired} brokers` : `waiting for ${desired - ready} broker(s) to become ready`;
    return updating(reason, `${counts}; ${message}${why}`, `${message}${why}`);
  }
  const details = `${progress ? `${counts}; ${progress.message}` : `${counts} after the cluster was running`}${why}`;
  return {
    phase: 'Degraded',
    ready: condition('False', 'BrokersNotReady', details),
    progressing: progress ? condition('True', progress.reason, `${progress.message}${why}`) : condition('False', 'RolloutComplete', 'every broker runs the desired revision'),
    degraded: condition('True', 'BrokersNotReady', details),
  };

  function updating(reason: string, readyMessage: string, progressMessage: string): Verdict {
    return {
      phase: 'Updating',
      ready: condition('False', 'Updating', readyMessage),
      progressing: condition('True', reason, progressMessage),
      degraded: condition('False', 'Updating', 'brokers are unavailable only as the update takes them down'),
    };
  }

  function failed(reason: string, message: string): Verdict {
    return {
      phase: 'Failed',
      ready: condition('False', reason, message),
      progressing: condition('False', reason, 'cannot progress until the spec can be realised'),
      degraded: condition('False', reason, 'see the Ready condition'),
    };
  }
}

/**
 * While paused, Ready says whether what runs (the StatefulSet as last applied) is ready, with the
 * reason ReconciliationPaused; nothing claims progress, and the Secret checks do not run.
 */
function decidePaused(cluster: DefaultedStreamBusCluster, why: string, readiness: WorkloadReadiness | undefined, replicas: number, ready: number): Verdict {
  const paused = condition('False', PAUSED_REASON, why);
  if (!readiness) return { phase: cluster.status?.phase ?? 'Pending', ready: condition('False', PAUSED_REASON, `no broker exists; ${why}`), progressing: paused, degraded: paused };
  const running = readiness.status === 'Current';
  const counts = `${ready}/${replicas} brokers ready as last applied; ${why}`;
  const hasRun = HAS_RUN.includes(cluster.status?.phase);
  return {
    phase: running ? 'Running' : (cluster.status?.phase ?? 'Pending'),
    ready: condition(running ? 'True' : 'False', PAUSED_REASON, counts),
    progressing: paused,
    degraded: !running && hasRun ? condition('True', 'BrokersNotReady', counts) : paused,
  };
}

function condition(status: ConditionStatus, reason: string, message: string): Verdict['ready'] {
  return { status, reason, message };
}

const SECRET_FIELDS = [
  ['certSecretName', 'spec.security.tls.certSecretName'],
  ['caSecretName', 'spec.security.tls.caSecretName'],
] as const;

function missingSecretsMessage(cluster: DefaultedStreamBusCluster, missing: readonly string[]): string {
  const { tls } = cluster.spec.security;
  const described = missing.map((name) => {
    const fields = SECRET_FIELDS.filter(([key]) => tls[key] === name).map(([, field]) => field);
    return fields.length > 0 ? `Secret "${name}" (${fields.join(', ')})` : `Secret "${name}"`;
  });
  return `${described.join(', ')} not found in namespace ${clusterNamespace(cluster)}; the brokers cannot start without ${missing.length > 1 ? 'them' : 'it'}`;
}

/** The rollout decision, unless there is nothing to roll. */
function rolloutInProgress(rollout: BrokerAction): Exclude<BrokerAction, { action: 'done' }> | undefined {
  return rollout.action === 'done' ? undefined : rollout;
}

/** While paused, the rollout's message says what it would do next, and that it does not. */
function rolloutStatus(rollout: BrokerAction, paused: boolean): ComputedClusterStatus['rollout'] {
  const progress = rolloutInProgress(rollout);
  if (!progress) return undefined;
  const broker = progress.pod ? { broker: progress.pod } : {};
  if (paused) return { ...broker, reason: PAUSED_REASON, message: `paused by ${PAUSE_RECONCILIATION_ANNOTATION}; next: ${progress.message}` };
  return { ...broker, reason: progress.reason, message: progress.message };
}
