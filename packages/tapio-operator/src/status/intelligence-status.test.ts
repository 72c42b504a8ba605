import { findCondition } from '@operators/k8s-common';
import { anIntelligence } from '../../test/fixtures.ts';
import { computeIntelligenceStatus, type ObservedIntelligence } from './intelligence-status.ts';

const now = new Date('2025-01-01T00:00:00Z');
const ready = { current: true, ready: true, reason: 'Ready', message: 'ready' };
const observed = (patch: Partial<ObservedIntelligence> = {}): ObservedIntelligence => ({
  neo4j: { name: 'tapio-neo4j', verdict: ready, replicas: 1, readyReplicas: 1 },
  correlation: { name: 'tapio-correlation', verdict: ready, replicas: 1, readyReplicas: 1 },
  canary: { stableTemplate: 'desired', canaryReplicas: 0 },
  restore: { stopNeo4j: false, jobs: [] },
  serviceMonitor: 'not-requested',
  paused: false,
  ...patch,
});
const ready_ = (status: ReturnType<typeof computeIntelligenceStatus>) => findCondition(status.conditions, 'Ready');

describe('computeIntelligenceStatus', () => {
  it('is Ready with Neo4j and the correlation service ready, and gives the scale selector', () => {
    const status = computeIntelligenceStatus(anIntelligence(), observed(), now);
    expect(ready_(status)).toMatchObject({ status: 'True' });
    expect(status).toMatchObject({
      observedGeneration: 1,
      neo4j: { replicas: 1, readyReplicas: 1 },
      correlation: { replicas: 1, readyReplicas: 1, selector: 'app.kubernetes.io/component=correlation,app.kubernetes.io/instance=tapio,app.kubernetes.io/name=tapio-correlation' },
    });
  });

  it('records the last backup, and a backup that failed since', () => {
    const status = computeIntelligenceStatus(
      anIntelligence(),
      observed({ lastBackup: { name: 'tapio-backup-1', completionTime: '2025-01-01T02:00:00Z' }, failedBackup: { name: 'tapio-backup-2', message: 'BackoffLimitExceeded' } }),
      now,
    );
    expect(status.lastBackup).toEqual({ name: 'tapio-backup-1', completionTime: '2025-01-01T02:00:00Z' });
    expect(findCondition(status.conditions, 'BackupFailed')).toMatchObject({ status: 'True', message: 'backup tapio-backup-2 failed: BackoffLimitExceeded' });
  });

  it('is not Ready during a restore, and does not blame the stopped Neo4j', () => {
    const restore = { stopNeo4j: true, jobs: [0], status: { backupName: 'b', phase: 'Running' as const, message: 'restoring b into server 1 of 1' } };
    const status = computeIntelligenceStatus(anIntelligence(), observed({ restore, neo4j: { name: 'tapio-neo4j', verdict: { ...ready, ready: false }, replicas: 0, readyReplicas: 0 } }), now);
    expect(ready_(status)).toMatchObject({ status: 'False', reason: 'Restoring', message: 'restoring b into server 1 of 1' });
    expect(findCondition(status.conditions, 'Degraded')?.status).toBe('False');
    expect(status.restore).toEqual(restore.status);
  });

  it('is Degraded after a failed restore', () => {
    const restore = { stopNeo4j: true, jobs: [0], status: { backupName: 'b', phase: 'Failed' as const, message: 'failed' } };
    expect(findCondition(computeIntelligenceStatus(anIntelligence(), observed({ restore }), now).conditions, 'Degraded')).toMatchObject({ status: 'True', reason: 'RestoreFailed' });
  });

  it('follows the canary: progressing, then rolled back', () => {
    const progressing = { phase: 'Progressing' as const, revision: 'r', step: 0, stepStartedAt: '2025-01-01T00:00:00Z', reason: 'CanaryStarted', message: 'step 1 of 2' };
    const during = computeIntelligenceStatus(anIntelligence(), observed({ canary: { stableTemplate: 'running', canaryReplicas: 1, status: progressing } }), now);
    expect(ready_(during)).toMatchObject({ status: 'False', reason: 'CanaryProgressing' });
    expect(during.correlation?.canary).toEqual(progressing);
    const rolledBack = { ...progressing, phase: 'RolledBack' as const, reason: 'CanaryNotReady', message: 'timed out' };
    const after = computeIntelligenceStatus(anIntelligence(), observed({ canary: { stableTemplate: 'running', canaryReplicas: 0, status: rolledBack } }), now);
    expect(findCondition(after.conditions, 'Degraded')).toMatchObject({ status: 'True', reason: 'CanaryRolledBack', message: 'timed out' });
  });

  it('has no Neo4j with the embedded graph database', () => {
    const { neo4j: _neo4j, ...embedded } = observed();
    expect(computeIntelligenceStatus(anIntelligence(), embedded, now).neo4j).toBeUndefined();
  });
});
