// The restore of Neo4j from spec.restore, as a pure function of what the reconciler observed. Neo4j
// is stopped first (no server may run while its volume is written), then one restore Job per server
// runs, one at a time (each mounts that server's volume), then Neo4j starts again. A restore runs once
// per backupName; a failed one keeps Neo4j stopped, since its volumes may be half written.
import { toRfc3339 } from '@operators/k8s-common';
import type { TapioIntelligenceStatus } from '../api/v1alpha1/tapiointelligence.ts';
import type { JobOutcome } from '../support/job-state.ts';
import type { CanaryEvent, Clock } from './canary.ts';

export type RestoreStatus = NonNullable<TapioIntelligenceStatus['restore']>;

export interface RestoreObservation {
  /** spec.restore.backupName. */
  requested: string | undefined;
  /** status.restore as read. */
  previous: RestoreStatus | undefined;
  /** Neo4j servers the spec asks for. */
  servers: number;
  /** Neo4j pods that still exist. */
  runningPods: number;
  /** The restore Jobs of `requested` that exist, by server ordinal. */
  jobs: ReadonlyMap<number, JobOutcome>;
}

export interface RestoreDecision {
  /** Run no Neo4j server (desiredNeo4jStatefulSet's `stopped`). */
  stopNeo4j: boolean;
  /** Ordinals whose restore Job (and data claim) must exist; other restore Jobs are deleted. */
  jobs: number[];
  /** status.restore to write; undefined leaves it out. */
  status?: RestoreStatus;
  event?: CanaryEvent;
}

const upTo = (ordinal: number) => Array.from({ length: ordinal + 1 }, (_, index) => index);

export function decideRestore(observed: RestoreObservation, clock: Clock): RestoreDecision {
  const { requested, previous, servers, runningPods, jobs } = observed;
  if (requested === undefined) return { stopNeo4j: false, jobs: [], ...(previous ? { status: previous } : {}) };
  if (previous?.backupName === requested && previous.phase === 'Succeeded') return { stopNeo4j: false, jobs: [], status: previous };
  if (previous?.backupName === requested && previous.phase === 'Failed') {
    // The failed Job stays, for its logs, until restore changes.
    return { stopNeo4j: true, jobs: [...jobs.keys()].sort((a, b) => a - b), status: previous };
  }

  const transition = (status: RestoreStatus, event?: CanaryEvent) => ({
    status,
    ...(event && (previous?.phase !== status.phase || previous.backupName !== status.backupName) ? { event } : {}),
  });

  if (runningPods > 0) {
    const message = `stopping Neo4j before restoring ${requested}: ${runningPods} server(s) still running`;
    return { stopNeo4j: true, jobs: [], ...transition({ backupName: requested, phase: 'Pending', message }, { type: 'Normal', reason: 'RestoreStarted', message }) };
  }

  for (let ordinal = 0; ordinal < servers; ordinal++) {
    const outcome = jobs.get(ordinal);
    if (outcome?.state === 'succeeded') continue;
    if (outcome?.state === 'failed') {
      const message = `restoring ${requested} into server ${ordinal} failed: ${outcome.message}; Neo4j stays stopped until restore changes`;
      return { stopNeo4j: true, jobs: upTo(ordinal), ...transition({ backupName: requested, phase: 'Failed', message }, { type: 'Warning', reason: 'RestoreFailed', message }) };
    }
    const message = `restoring ${requested} into server ${ordinal + 1} of ${servers}`;
    return { stopNeo4j: true, jobs: upTo(ordinal), ...transition({ backupName: requested, phase: 'Running', message }, { type: 'Normal', reason: 'RestoreStarted', message }) };
  }

  const message = `restored ${requested} into ${servers} server(s); Neo4j starts on it`;
  return {
    stopNeo4j: false,
    jobs: [],
    ...transition({ backupName: requested, phase: 'Succeeded', message, completionTime: toRfc3339(clock()) }, { type: 'Normal', reason: 'RestoreSucceeded', message }),
  };
}
