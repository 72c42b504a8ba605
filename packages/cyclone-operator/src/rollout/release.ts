// Which release the Deployment runs, and what the rollout history says about it, as a pure function
// of spec, the status written before and the live Deployment.
//
// - A release whose rollout became available (current and ready) is the last known-good one.
// - A rollout of spec's release that makes no progress within its deadline is a failure: the app is
//   Degraded with the Deployment's reason; with spec.rollback.automatic, the Deployment goes back to
//   the last known-good release, and status.rollback records it.
// - spec is never written: it keeps the release the user asked for, and the rollback holds for as long
//   as spec asks for the release that failed. Asking for another release (a new version, or the old one
//   as the seed's "rollback via operator" patch does) ends it.
import { toRfc3339 } from '@operators/k8s-common';
import type { CycloneAppStatus } from '../api/v1/cycloneapp.ts';
import { describeRelease, sameRelease, type Release } from '../resources/release.ts';
import type { WorkloadReadiness } from '../support/workload-readiness.ts';

export type RollbackRecord = NonNullable<CycloneAppStatus['rollback']>;

export interface ReleaseInput {
  /** The release spec asks for (desiredRelease). */
  desired: Release;
  automaticRollback: boolean;
  progressDeadlineSeconds: number;
  /** From status, as last written. */
  lastKnownGood?: Release;
  rollback?: RollbackRecord;
  /** The Deployment as the cache has it; absent before it is created. */
  live?: {
    /** releaseOf(deployment). */
    release?: Release;
    readiness: WorkloadReadiness;
    /** progressDeadlineExceeded(deployment, now). */
    progressDeadlineExceeded: boolean;
  };
}

export type ReleaseState =
  /** Spec's release is rolling out, or about to. */
  | 'RollingOut'
  /** Spec's release runs, available. */
  | 'Available'
  /** Spec's release made no progress within the deadline, and no rollback happens. */
  | 'ProgressDeadlineExceeded'
  /** Spec's release failed; the last known-good one runs (or is rolling back in). */
  | 'RolledBack';

export interface ReleaseDecision {
  state: ReleaseState;
  /** What the Deployment is to run after this pass. */
  run: Release;
  /** For status.lastKnownGoodVersion / lastKnownGoodImage. */
  lastKnownGood?: Release;
  /** For status.rollback; absent when no rollback is in force. */
  rollback?: RollbackRecord;
  /** Why, for the conditions; set unless state is RollingOut or Available. */
  message?: string;
  /** Set in the pass that rolls back: a Warning Event for `kubectl describe`. */
  event?: { type: 'Warning'; reason: 'RolledBack'; message: string };
}

export function decideRelease(input: ReleaseInput, now: Date): ReleaseDecision {
  const { desired, live } = input;
  const liveAvailable = live !== undefined && live.readiness.current && live.readiness.ready;
  const lastKnownGood = live?.release && liveAvailable ? live.release : input.lastKnownGood;
  const known = lastKnownGood ? { lastKnownGood } : {};

  // A rollback holds while spec still asks for the release that failed.
  const rollback = input.rollback && sameRelease(input.rollback.failed, desired) ? input.rollback : undefined;
  if (rollback) return { state: 'RolledBack', run: rollback.restored, ...known, rollback, message: rollback.message };

  const desiredFailed = live !== undefined && sameRelease(live.release, desired) && live.progressDeadlineExceeded && !liveAvailable;
  if (!desiredFailed) return { state: liveAvailable && sameRelease(live.release, desired) ? 'Available' : 'RollingOut', run: desired, ...known };

  const failure = `${describeRelease(desired)} made no progress within progressDeadlineSeconds (${input.progressDeadlineSeconds}s): ${live.readiness.message}`;
  const canRollBack = lastKnownGood !== undefined && !sameRelease(lastKnownGood, desired);
  if (input.automaticRollback && canRollBack) {
    const message = `${failure}; rolled back to the last known-good ${describeRelease(lastKnownGood)}. Change spec.version or spec.image to try again`;
    const record: RollbackRecord = { failed: desired, restored: lastKnownGood, time: toRfc3339(now), message };
    return { state: 'RolledBack', run: lastKnownGood, ...known, rollback: record, message, event: { type: 'Warning', reason: 'RolledBack', message } };
  }
  const advice = !input.automaticRollback
    ? canRollBack
      ? `set spec.rollback.automatic to return to ${describeRelease(lastKnownGood)} automatically, or change spec.version`
      : 'change spec.version or spec.image'
    : 'there is no last known-good release to roll back to';
  return { state: 'ProgressDeadlineExceeded', run: desired, ...known, message: `${failure}; ${advice}` };
}
