// The status of a StreamBusCluster as a pure function of what the reconciler observed. Like
// cert-manager's, the decision is a chain evaluated in order whose first match sets the phase and the
// conditions; the gathering (I/O) happens elsewhere and the clock is passed in.
import type { V1StatefulSet } from '@kubernetes/client-node';
import {
  removeCondition,
  setConditions,
  toLabelSelector,
  type Condition,
  type ConditionStatus,
  type ConditionUpdate,
} from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { PAUSE_RECONCILIATION_ANNOTATION, type ClusterPhase, type StreamBusClusterStatus } from '../api/v1alpha1/streambuscluster.ts';
import { brokerEndpoints } from '../resources/endpoints.ts';
import { brokerSelectorLabels, clusterName, clusterNamespace } from '../resources/metadata.ts';
import type { BrokerAction } from '../rollout/broker-roller.ts';

export type ServiceMonitorOutcome = 'created' | 'skipped-no-crd' | 'not-requested';

/** What the reconciler found, or decided, in this pass. */
export interface ObservedClusterState {
  /** The broker StatefulSet as read, if it exists. */
  statefulSet?: V1StatefulSet;
  /** Secrets the spec names that do not exist. */
  missingSecrets: readonly string[];
  /** nextBrokerAction's decision for this pass. */
  rollout: BrokerAction;
  serviceMonitor: ServiceMonitorOutcome;
  /** The pause-reconciliation annotation is "true". */
  paused: boolean;
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
}

export const READY = 'Ready';
export const PROGRESSING = 'Progressing';
export const DEGRADED = 'Degraded';
export const SERVICE_MONITOR = 'ServiceMonitor';
export const PAUSED = 'Paused';

/** Phases in which the cluster has served with every broker ready at least once. */
const HAS_RUN: readonly (ClusterPhase | undefined)[] = ['Running', 'Updating', 'Degraded'];

interface Verdict {
  phase: ClusterPhase;
  ready: Omit<ConditionUpdate, 'type' | 'observedGeneration'>;
  progressing: Omit<ConditionUpdate, 'type' | 'observedGeneration'>;
  degraded: Omit<ConditionUpdate, 'type' | 'observedGeneration'>;
}

export function computeClusterStatus(
  cluster: DefaultedStreamBusCluster,
  observed: ObservedClusterState,
  now: Date,
): ComputedClusterStatus {
  const { statefulSet } = observed;
  const replicas = statefulSet?.status?.replicas ?? 0;
  const readyReplicas = statefulSet?.status?.readyReplicas ?? 0;
  const verdict = decide(cluster, observed, replicas, readyReplicas);
  const generation = cluster.metadata.generation;
  const stamp = (type: string, update: Verdict['ready']): ConditionUpdate => ({
    type,
    ...update,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  });

  const updates = [stamp(READY, verdict.ready), stamp(PROGRESSING, verdict.progressing), stamp(DEGRADED, verdict.degraded)];
  const serviceMonitor = serviceMonitorCondition(cluster, observed.serviceMonitor);
  if (serviceMonitor) updates.push(stamp(SERVICE_MONITOR, serviceMonitor));
  if (observed.paused) updates.push(stamp(PAUSED, pausedCondition()));
  let conditions = setConditions(cluster.status?.conditions, updates, now);
  if (!serviceMonitor) conditions = removeCondition(conditions, SERVICE_MONITOR);
  if (!observed.paused) conditions = removeCondition(conditions, PAUSED);

  const rollout = rolloutStatus(observed);
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
  };
}

function decide(cluster: DefaultedStreamBusCluster, observed: ObservedClusterState, replicas: number, ready: number): Verdict {
  const desired = cluster.spec.replicas;
  const counts = `${ready}/${desired} brokers ready`;
  const paused = observed.paused
    ? condition('False', 'ReconciliationPaused', `${PAUSE_RECONCILIATION_ANNOTATION} is "true": the operator changes nothing until it is removed`)
    : undefined;

  if (observed.specError !== undefined) return failed('InvalidSpec', observed.specError);
  if (observed.missingSecrets.length > 0) return failed('SecretNotFound', missingSecretsMessage(cluster, observed.missingSecrets));

  const { statefulSet, rollout } = observed;
  if (!statefulSet) {
    return {
      phase: 'Pending',
      ready: condition('False', 'Pending', 'the broker StatefulSet has not been created yet'),
      progressing: paused ?? condition('True', 'Creating', 'creating the broker StatefulSet'),
      degraded: condition('False', 'Pending', 'no broker exists yet'),
    };
  }

  // The StatefulSet controller has not yet seen the latest template: its revisions and counts are stale.
  const statefulSetCaughtUp = (statefulSet.status?.observedGeneration ?? 0) >= (statefulSet.metadata?.generation ?? 0);
  const onDesiredRevision = rollout.action === 'done';
  if (statefulSetCaughtUp && onDesiredRevision && replicas === desired && ready === desired) {
    return {
      phase: 'Running',
      ready:
        desired === 0
          ? // A cluster scaled to zero is a state the user asked for, not a fault: it is Running with
            // nothing to serve, its volumes kept for a scale-up.
            condition('True', 'ScaledToZero', 'scaled to 0 brokers; the volumes are kept')
          : condition('True', 'AllBrokersReady', `${counts} on the desired revision`),
      progressing: paused ?? condition('False', 'RolloutComplete', 'every broker runs the desired revision'),
      degraded: condition('False', 'AllBrokersReady', counts),
    };
  }

  const progress = rolloutInProgress(observed);
  if (!HAS_RUN.includes(cluster.status?.phase)) {
    return {
      phase: 'Creating',
      ready: condition('False', 'Creating', progress ? `${counts}; ${progress.message}` : counts),
      progressing: paused ?? condition('True', 'Creating', progress?.message ?? `waiting for ${desired - ready} of ${desired} brokers to become ready`),
      degraded: condition('False', 'Creating', 'the first rollout is in progress'),
    };
  }

  // During a normal roll exactly one broker is down: the one just restarted. More than one unready
  // broker blocking the rollout is more than the rollout itself takes down (PDB maxUnavailable 1).
  const blockedByUnreadyBrokers = progress?.action === 'wait' && progress.reason === 'BrokersNotReady' && progress.waitingFor.length > 1;
  const specChanged = cluster.metadata.generation !== cluster.status?.observedGeneration;
  const scaling = replicas !== desired;
  const stillUpdating = !statefulSetCaughtUp || scaling || specChanged || cluster.status?.phase === 'Updating';
  if (progress && !blockedByUnreadyBrokers) {
    return updating(progress.reason, `${counts}; ${progress.message}`, progress.message);
  }
  if (!progress && stillUpdating) {
    const reason = scaling ? 'Scaling' : 'Updating';
    const message = scaling ? `scaling from ${replicas} to ${desired} brokers` : `waiting for ${desired - ready} broker(s) to become ready`;
    return updating(reason, `${counts}; ${message}`, message);
  }
  const details = progress ? `${counts}; ${progress.message}` : `${counts} after the cluster was running`;
  return {
    phase: 'Degraded',
    ready: condition('False', 'BrokersNotReady', details),
    progressing: paused ?? (progress ? condition('True', progress.reason, progress.message) : condition('False', 'RolloutComplete', 'every broker runs the desired revision')),
    degraded: condition('True', 'BrokersNotReady', details),
  };

  function updating(reason: string, readyMessage: string, progressMessage: string): Verdict {
    return {
      phase: 'Updating',
      ready: condition('False', 'Updating', readyMessage),
      progressing: paused ?? condition('True', reason, progressMessage),
      degraded: condition('False', 'Updating', 'brokers are unavailable only as the update takes them down'),
    };
  }

  function failed(reason: string, message: string): Verdict {
    return {
      phase: 'Failed',
      ready: condition('False', reason, message),
      progressing: paused ?? condition('False', reason, 'cannot progress until the spec can be realised'),
      degraded: condition('False', reason, 'see the Ready condition'),
    };
  }
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

function serviceMonitorCondition(cluster: DefaultedStreamBusCluster, outcome: ServiceMonitorOutcome): Verdict['ready'] | undefined {
  switch (outcome) {
    case 'created':
      return condition('True', 'Created', `ServiceMonitor ${clusterNamespace(cluster)}/${clusterName(cluster)} scrapes the brokers' /metrics`);
    case 'skipped-no-crd':
      return condition(
        'False',
        'CRDNotInstalled',
        'spec.observability.metrics.serviceMonitor is true, but the monitoring.coreos.com/v1 ServiceMonitor CRD is not installed: install the Prometheus Operator, or set serviceMonitor to false',
      );
    case 'not-requested':
      return undefined;
  }
}

function pausedCondition(): Verdict['ready'] {
  return condition('True', 'ReconciliationPaused', `${PAUSE_RECONCILIATION_ANNOTATION} is "true": the operator changes nothing until it is removed`);
}

/** The rollout decision, unless there is nothing to roll; while paused, its message says it is not acted on. */
function rolloutInProgress(observed: ObservedClusterState): Exclude<BrokerAction, { action: 'done' }> | undefined {
  const { rollout } = observed;
  if (rollout.action === 'done') return undefined;
  return observed.paused ? { ...rollout, message: `paused by ${PAUSE_RECONCILIATION_ANNOTATION}; next: ${rollout.message}` } : rollout;
}

function rolloutStatus(observed: ObservedClusterState): ComputedClusterStatus['rollout'] {
  const progress = rolloutInProgress(observed);
  if (!progress) return undefined;
  const broker = progress.pod ? { broker: progress.pod } : {};
  return { ...broker, reason: observed.paused ? 'ReconciliationPaused' : progress.reason, message: progress.message };
}
