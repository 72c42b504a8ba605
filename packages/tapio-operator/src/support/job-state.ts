// Where a Job is, from its conditions, as the Job controller reports it. Candidate for the kit,
// beside the workload-readiness helper.
import type { V1Job } from '@kubernetes/client-node';

export type JobState = 'running' | 'succeeded' | 'failed';

export interface JobOutcome {
  state: JobState;
  /** The Failed condition's message, or a summary of the pods. */
  message: string;
  /** When it succeeded (status.completionTime). */
  completionTime?: string;
}

const conditionTrue = (job: V1Job, type: string) => job.status?.conditions?.find((condition) => condition.type === type && condition.status === 'True');

export function jobOutcome(job: V1Job): JobOutcome {
  const failed = conditionTrue(job, 'Failed');
  if (failed) return { state: 'failed', message: failed.message ?? failed.reason ?? 'the Job failed' };
  if (conditionTrue(job, 'Complete')) {
    const completionTime = job.status?.completionTime;
    return {
      state: 'succeeded',
      message: 'the Job succeeded',
      ...(completionTime ? { completionTime: completionTime instanceof Date ? completionTime.toISOString().replace(/\.\d{3}Z$/, 'Z') : String(completionTime) } : {}),
    };
  }
  const { active = 0, failed: failedPods = 0 } = job.status ?? {};
  return { state: 'running', message: `${active} pod(s) running, ${failedPods} failed so far` };
}
