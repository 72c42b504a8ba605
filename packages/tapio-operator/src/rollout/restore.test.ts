import type { JobOutcome } from '../support/job-state.ts';
import { decideRestore, type RestoreObservation } from './restore.ts';

const clock = () => new Date('2025-01-01T03:00:00Z');
const succeeded: JobOutcome = { state: 'succeeded', message: 'the Job succeeded' };
const running: JobOutcome = { state: 'running', message: '1 pod(s) running' };
const failed: JobOutcome = { state: 'failed', message: 'BackoffLimitExceeded' };

const observed = (patch: Partial<RestoreObservation> = {}): RestoreObservation => ({
  requested: 'tapio-backup-1',
  previous: undefined,
  servers: 3,
  runningPods: 0,
  jobs: new Map(),
  ...patch,
});

describe('decideRestore', () => {
  it('does nothing without a restore, and keeps the record of the last one', () => {
    expect(decideRestore(observed({ requested: undefined }), clock)).toEqual({ stopNeo4j: false, jobs: [] });
    const done = { backupName: 'b', phase: 'Succeeded' as const, message: 'm' };
    expect(decideRestore(observed({ requested: undefined, previous: done }), clock)).toEqual({ stopNeo4j: false, jobs: [], status: done });
  });

  it('stops Neo4j first, running no Job while a server is up', () => {
    expect(decideRestore(observed({ runningPods: 2 }), clock)).toEqual({
      stopNeo4j: true,
      jobs: [],
      status: { backupName: 'tapio-backup-1', phase: 'Pending', message: 'stopping Neo4j before restoring tapio-backup-1: 2 server(s) still running' },
      event: { type: 'Normal', reason: 'RestoreStarted', message: 'stopping Neo4j before restoring tapio-backup-1: 2 server(s) still running' },
    });
  });

  it('restores server 0 first once every server stopped', () => {
    const decision = decideRestore(observed({ previous: { backupName: 'tapio-backup-1', phase: 'Pending', message: 'm' } }), clock);
    expect(decision).toMatchObject({ stopNeo4j: true, jobs: [0], status: { phase: 'Running', message: 'restoring tapio-backup-1 into server 1 of 3' } });
    expect(decision.event).toMatchObject({ reason: 'RestoreStarted' });
  });

  it('goes on server by server, keeping the Jobs done so far, with no new Event while running', () => {
    const previous = { backupName: 'tapio-backup-1', phase: 'Running' as const, message: 'm' };
    const decision = decideRestore(observed({ previous, jobs: new Map([[0, succeeded], [1, running]]) }), clock);
    expect(decision).toEqual({ stopNeo4j: true, jobs: [0, 1], status: { backupName: 'tapio-backup-1', phase: 'Running', message: 'restoring tapio-backup-1 into server 2 of 3' } });
  });

  it('starts Neo4j when every server is restored, and records when', () => {
    const decision = decideRestore(observed({ jobs: new Map([[0, succeeded], [1, succeeded], [2, succeeded]]) }), clock);
    expect(decision).toMatchObject({
      stopNeo4j: false,
      jobs: [],
      status: { backupName: 'tapio-backup-1', phase: 'Succeeded', completionTime: '2025-01-01T03:00:00Z' },
      event: { type: 'Normal', reason: 'RestoreSucceeded' },
    });
  });

  it('runs a restore once: the same backupName after success changes nothing', () => {
    const done = { backupName: 'tapio-backup-1', phase: 'Succeeded' as const, message: 'm', completionTime: '2025-01-01T03:00:00Z' };
    expect(decideRestore(observed({ previous: done, runningPods: 3 }), clock)).toEqual({ stopNeo4j: false, jobs: [], status: done });
  });

  it('keeps Neo4j stopped after a failed Job, and says why', () => {
    const decision = decideRestore(observed({ jobs: new Map([[0, succeeded], [1, failed]]) }), clock);
    expect(decision).toMatchObject({ stopNeo4j: true, jobs: [0, 1], status: { phase: 'Failed' }, event: { type: 'Warning', reason: 'RestoreFailed' } });
    expect(decision.status?.message).toBe('restoring tapio-backup-1 into server 1 failed: BackoffLimitExceeded; Neo4j stays stopped until restore changes');
    const again = decideRestore(observed({ previous: decision.status, jobs: new Map([[0, succeeded], [1, failed]]) }), clock);
    expect(again).toEqual({ stopNeo4j: true, jobs: [0, 1], status: decision.status });
  });

  it('starts over for a new backupName, whatever happened to the previous one', () => {
    const failedBefore = { backupName: 'old', phase: 'Failed' as const, message: 'm' };
    expect(decideRestore(observed({ previous: failedBefore, runningPods: 0 }), clock).status).toMatchObject({ backupName: 'tapio-backup-1', phase: 'Running' });
  });
});
