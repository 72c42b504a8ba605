// A progress deadline, as Deployments have (spec.progressDeadlineSeconds): when a rollout makes
// no progress for that long, say so with Degraded=True instead of reporting "updating" forever.
// Progress is a change of the step the operator waits on (its Progressing message, say "waiting
// for db-2 to become ready"), so a long rollout that keeps moving never trips it. The step and
// when it began are kept in the status (ProgressMark), which survives operator restarts; the
// clock is passed in, so tests are exact.
import Type, { type TSchemaOptions } from 'typebox';
import { toRfc3339 } from '../meta/conditions.ts';
import type { ConditionParts } from './readiness-conditions.ts';

/** Kept in the status: the step the operator waits on and since when. */
export interface ProgressMark {
  step: string;
  /** RFC 3339, second precision. */
  since: string;
}

export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;

/** `spec.progressDeadlineSeconds`: an integer of seconds, default 600 as for Deployments. */
export function ProgressDeadlineSeconds(options: TSchemaOptions = {}) {
  return Type.Integer({
    minimum: 1,
    default: DEFAULT_PROGRESS_DEADLINE_SECONDS,
    description: 'Seconds a rollout may go without progress before the Degraded condition turns True (ProgressDeadlineExceeded). Default 600, as for Deployments.',
    ...options,
  });
}

/** The status field holding a ProgressMark. */
export function ProgressMarkSchema(options: TSchemaOptions = {}) {
  return Type.Object(
    {
      step: Type.String({ description: 'What the operator waits on, as its Progressing condition says it.' }),
      since: Type.String({ format: 'date-time', description: 'When that step began: the progress deadline counts from here.' }),
    },
    { additionalProperties: false, description: 'The rollout step in progress and when it began, for the progress deadline.', ...options },
  );
}

export interface ProgressCheck {
  /** What to store in the status: undefined when nothing is in progress. */
  mark?: ProgressMark;
  exceeded: boolean;
  /** When not yet exceeded: reconcile again after this long, since no event will say the deadline passed. */
  recheckAfterMs?: number;
  /** When exceeded: a Degraded condition naming the step. */
  degraded?: ConditionParts;
}

/**
 * `step` is what the operator waits on now (undefined when nothing is in progress); `previous` is
 * the mark from the status it read. The same step keeps its start time; a new one starts now.
 */
export function checkProgress(previous: ProgressMark | undefined, step: string | undefined, now: Date, deadlineSeconds: number): ProgressCheck {
  if (step === undefined) return { exceeded: false };
  const mark = previous?.step === step ? previous : { step, since: toRfc3339(now) };
  const elapsedMs = now.getTime() - Date.parse(mark.since);
  const deadlineMs = deadlineSeconds * 1000;
  if (elapsedMs < deadlineMs) return { mark, exceeded: false, recheckAfterMs: deadlineMs - elapsedMs };
  return {
    mark,
    exceeded: true,
    degraded: { status: 'True', reason: 'ProgressDeadlineExceeded', message: `no progress for more than ${formatSeconds(deadlineSeconds)} (since ${mark.since}): ${step}` },
  };
}

function formatSeconds(seconds: number): string {
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
