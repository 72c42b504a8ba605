// Rolls brokers onto a new StatefulSet revision one at a time. The StatefulSet uses OnDelete, so a
// broker moves to the new revision when the operator deletes its pod; this decides which pod, if
// any, to delete next. It is the decision that wedges in operators that get it wrong: waiting for an
// unready broker before restarting it (it never recovers on the old revision), or restarting a second
// broker while the first is still down (the quorum is lost).
import type { V1Pod } from '@kubernetes/client-node';

/** A broker pod as the reconciler read it. */
export interface BrokerPod {
  name: string;
  ordinal: number;
  /** Its `controller-revision-hash` label; undefined counts as outdated. */
  revision: string | undefined;
  ready: boolean;
  /** It has a deletionTimestamp. */
  deleting: boolean;
}

/** A StatefulSet pod `<cluster>-<ordinal>` as the roller sees it. */
export function brokerPod(pod: V1Pod): BrokerPod {
  const name = pod.metadata?.name ?? '';
  return {
    name,
    ordinal: Number(name.slice(name.lastIndexOf('-') + 1)),
    revision: pod.metadata?.labels?.['controller-revision-hash'],
    ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    deleting: Boolean(pod.metadata?.deletionTimestamp),
  };
}

export interface BrokerRolloutInput {
  /** The StatefulSet's status.updateRevision; undefined until the StatefulSet controller has set it. */
  desiredRevision: string | undefined;
  pods: readonly BrokerPod[];
  /** The number of brokers the spec asks for. */
  replicas: number;
}

export type RollReason = 'BrokerNotReady' | 'RollingUpdate';
export type WaitReason = 'RevisionUnknown' | 'BrokerTerminating' | 'BrokerMissing' | 'BrokersNotReady';

export type BrokerAction =
  | { action: 'roll'; pod: string; reason: RollReason; message: string }
  | {
      action: 'wait';
      /** The broker that rolls next once the wait is over, when known. */
      pod?: string;
      /** The brokers the rollout waits for. */
      waitingFor: string[];
      reason: WaitReason;
      message: string;
    }
  | { action: 'done' };

export function nextBrokerAction(input: BrokerRolloutInput): BrokerAction {
  const { desiredRevision, replicas } = input;
  if (!desiredRevision) {
    return { action: 'wait', waitingFor: [], reason: 'RevisionUnknown', message: 'waiting for the StatefulSet controller to report its update revision' };
  }
  // Pods at or above `replicas` are on their way out (scale-down): they are never rolled.
  const wanted = [...input.pods].filter((pod) => pod.ordinal < replicas).sort((a, b) => b.ordinal - a.ordinal);
  const outdated = wanted.filter((pod) => pod.revision !== desiredRevision);
  // Highest ordinal first, the order a StatefulSet itself rolls in.
  const [firstOutdated] = outdated;
  if (!firstOutdated) return { action: 'done' };
  const next = firstOutdated.name;
  const waitFor = (reason: WaitReason, waitingFor: string[], message: string): BrokerAction => ({ action: 'wait', pod: next, waitingFor, reason, message });

  const terminating = input.pods.filter((pod) => pod.deleting).map((pod) => pod.name);
  if (terminating.length > 0) {
    return waitFor('BrokerTerminating', terminating, `waiting for ${list(terminating)} to terminate before rolling ${next}`);
  }

  const present = new Set(wanted.map((pod) => pod.ordinal));
  const missing = range(replicas).filter((ordinal) => !present.has(ordinal));
  if (missing.length > 0) {
    const names = missing.map((ordinal) => podName(firstOutdated, ordinal));
    return waitFor('BrokerMissing', names, `waiting for the StatefulSet to create ${list(names)} before rolling ${next}`);
  }

  // An outdated broker that is not ready cannot get less available by restarting, and it may never
  // become ready on the old revision: waiting for it would block the rollout for ever.
  const outdatedUnready = outdated.find((pod) => !pod.ready);
  if (outdatedUnready) {
    return {
      action: 'roll',
      pod: outdatedUnready.name,
      reason: 'BrokerNotReady',
      message: `rolling ${outdatedUnready.name} first: it is not ready on the old revision, so restarting it cannot reduce availability`,
    };
  }

  const unready = wanted.filter((pod) => !pod.ready).map((pod) => pod.name);
  if (unready.length > 0) {
    return waitFor('BrokersNotReady', unready, `waiting for ${list(unready)} to become ready before rolling ${next}`);
  }

  const remaining = outdated.length - 1;
  return {
    action: 'roll',
    pod: next,
    reason: 'RollingUpdate',
    message: `rolling ${next} to revision ${desiredRevision}${remaining > 0 ? ` (${remaining} more after it)` : ''}`,
  };
}

/** StatefulSet pods are `<statefulset>-<ordinal>`; a missing pod's name follows from any sibling's. */
function podName(sibling: BrokerPod, ordinal: number): string {
  return `${sibling.name.slice(0, sibling.name.length - String(sibling.ordinal).length)}${ordinal}`;
}

function list(names: readonly string[]): string {
  return names.join(', ');
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
