// status.lastBackup from the backup Jobs (scheduled and on demand) the reconciler found.
import type { V1Job } from '@kubernetes/client-node';
import type { TapioIntelligenceStatus } from '../api/v1alpha1/tapiointelligence.ts';
import { jobOutcome } from '../support/job-state.ts';

export type LastBackup = NonNullable<TapioIntelligenceStatus['lastBackup']>;

/**
 * The newest successful backup among `jobs`, or `previous` when it is newer or no Job succeeded:
 * Jobs are deleted over time (the CronJob's history limit), and the record must not go with them.
 */
export function lastSuccessfulBackup(jobs: readonly V1Job[], previous: LastBackup | undefined): LastBackup | undefined {
  let newest = previous;
  for (const job of jobs) {
    const outcome = jobOutcome(job);
    const name = job.metadata?.name;
    if (outcome.state !== 'succeeded' || !outcome.completionTime || !name) continue;
    if (!newest || Date.parse(outcome.completionTime) > Date.parse(newest.completionTime)) newest = { name, completionTime: outcome.completionTime };
  }
  return newest;
}

/** The newest backup Job that failed after the last success, if any: the reason for a BackupFailed condition. */
export function failedBackupSince(jobs: readonly V1Job[], last: LastBackup | undefined): { name: string; message: string } | undefined {
  const failures = jobs
    .map((job) => ({ job, outcome: jobOutcome(job) }))
    .filter(({ job, outcome }) => outcome.state === 'failed' && startedAfter(job, last))
    .sort((a, b) => startTime(b.job) - startTime(a.job));
  const [newest] = failures;
  return newest ? { name: newest.job.metadata?.name ?? '', message: newest.outcome.message } : undefined;
}

function startTime(job: V1Job): number {
  const start = job.status?.startTime ?? job.metadata?.creationTimestamp;
  return start ? new Date(start as unknown as string).getTime() : 0;
}

function startedAfter(job: V1Job, last: LastBackup | undefined): boolean {
  return last === undefined || startTime(job) > Date.parse(last.completionTime);
}
