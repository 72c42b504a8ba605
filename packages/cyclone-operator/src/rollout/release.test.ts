import type { WorkloadReadiness } from '../support/workload-readiness.ts';
import { decideRelease, type ReleaseInput, type RollbackRecord } from './release.ts';

const now = new Date('2026-03-01T10:10:00Z');
const v200 = { version: '2.0.0', image: 'cyclone/cyclone-web:v2.0.0' };
const v210 = { version: '2.1.0', image: 'cyclone/cyclone-web:v2.1.0' };
const v220 = { version: '2.2.0', image: 'cyclone/cyclone-web:v2.2.0' };

const available: WorkloadReadiness = { current: true, ready: true, reason: 'Available', message: '3/3 pods available' };
const rolling: WorkloadReadiness = { current: false, ready: false, reason: 'ReplicaSetUpdated', message: '1 of 3 updated pods available' };
const stuck: WorkloadReadiness = {
  current: false,
  ready: false,
  reason: 'ProgressDeadlineExceeded',
  message: 'ReplicaSet "app-5d9" has timed out progressing; pod app-5d9-x: ImagePullBackOff',
};

function input(overrides: Partial<ReleaseInput> = {}): ReleaseInput {
  return { desired: v210, automaticRollback: false, progressDeadlineSeconds: 600, ...overrides };
}

const rolledBackRecord: RollbackRecord = {
  failed: v210,
  restored: v200,
  time: '2026-03-01T10:00:00Z',
  message: 'earlier',
};

describe('decideRelease', () => {
  it('rolls out what spec asks for when nothing runs yet, with nothing known-good', () => {
    expect(decideRelease(input(), now)).toEqual({ state: 'RollingOut', run: v210 });
  });

  it('records the release as known-good once its rollout is available', () => {
    expect(decideRelease(input({ live: { release: v210, readiness: available, progressDeadlineExceeded: false } }), now)).toEqual({
      state: 'Available',
      run: v210,
      lastKnownGood: v210,
    });
  });

  it('keeps the previous known-good release while the new one rolls out', () => {
    const decision = decideRelease(input({ lastKnownGood: v200, live: { release: v210, readiness: rolling, progressDeadlineExceeded: false } }), now);
    expect(decision).toEqual({ state: 'RollingOut', run: v210, lastKnownGood: v200 });
  });

  it('starts a rollout when spec changes under an available Deployment', () => {
    const decision = decideRelease(input({ desired: v220, lastKnownGood: v210, live: { release: v210, readiness: available, progressDeadlineExceeded: false } }), now);
    expect(decision).toEqual({ state: 'RollingOut', run: v220, lastKnownGood: v210 });
  });

  describe('a rollout past its progress deadline', () => {
    const failed = { release: v210, readiness: stuck, progressDeadlineExceeded: true };

    it('is Degraded without automatic rollback, with the reason and what to do', () => {
      expect(decideRelease(input({ lastKnownGood: v200, live: failed }), now)).toEqual({
        state: 'ProgressDeadlineExceeded',
        run: v210,
        lastKnownGood: v200,
        message:
          '2.1.0 (cyclone/cyclone-web:v2.1.0) made no progress within progressDeadlineSeconds (600s): ReplicaSet "app-5d9" has timed out progressing; pod app-5d9-x: ImagePullBackOff; set spec.rollback.automatic to return to 2.0.0 (cyclone/cyclone-web:v2.0.0) automatically, or change spec.version',
      });
    });

    it('rolls back to the last known-good release with automatic rollback, and says so', () => {
      const decision = decideRelease(input({ automaticRollback: true, lastKnownGood: v200, live: failed }), now);
      const message =
        '2.1.0 (cyclone/cyclone-web:v2.1.0) made no progress within progressDeadlineSeconds (600s): ReplicaSet "app-5d9" has timed out progressing; pod app-5d9-x: ImagePullBackOff; rolled back to the last known-good 2.0.0 (cyclone/cyclone-web:v2.0.0). Change spec.version or spec.image to try again';
      expect(decision).toEqual({
        state: 'RolledBack',
        run: v200,
        lastKnownGood: v200,
        rollback: { failed: v210, restored: v200, time: '2026-03-01T10:10:00Z', message },
        message,
        event: { type: 'Warning', reason: 'RolledBack', message },
      });
    });

    it('cannot roll back the first release, which has nothing before it', () => {
      const decision = decideRelease(input({ automaticRollback: true, live: failed }), now);
      expect(decision.state).toBe('ProgressDeadlineExceeded');
      expect(decision.run).toEqual(v210);
      expect(decision.message).toMatch(/there is no last known-good release to roll back to$/);
    });

    it('suggests changing the version when the failed release is itself the known-good one', () => {
      const decision = decideRelease(input({ lastKnownGood: v210, live: failed }), now);
      expect(decision.message).toMatch(/; change spec.version or spec.image$/);
    });

    it('is not a failure while the Deployment runs another release', () => {
      expect(decideRelease(input({ lastKnownGood: v200, live: { ...failed, release: v200 } }), now).state).toBe('RollingOut');
    });
  });

  describe('after a rollback', () => {
    it('keeps running the restored release while spec asks for the failed one, with no new Event', () => {
      const decision = decideRelease(
        input({ automaticRollback: true, lastKnownGood: v200, rollback: rolledBackRecord, live: { release: v200, readiness: available, progressDeadlineExceeded: false } }),
        now,
      );
      expect(decision).toEqual({ state: 'RolledBack', run: v200, lastKnownGood: v200, rollback: rolledBackRecord, message: 'earlier' });
    });

    it('keeps it while the failed Deployment is still being rolled back', () => {
      const decision = decideRelease(
        input({ automaticRollback: true, lastKnownGood: v200, rollback: rolledBackRecord, live: { release: v210, readiness: stuck, progressDeadlineExceeded: true } }),
        now,
      );
      expect(decision).toMatchObject({ state: 'RolledBack', run: v200 });
      expect(decision).not.toHaveProperty('event');
    });

    it('tries a new release when spec asks for one', () => {
      const decision = decideRelease(
        input({ desired: v220, automaticRollback: true, lastKnownGood: v200, rollback: rolledBackRecord, live: { release: v200, readiness: available, progressDeadlineExceeded: false } }),
        now,
      );
      expect(decision).toEqual({ state: 'RollingOut', run: v220, lastKnownGood: v200 });
    });

    it("ends when spec goes back to the known-good release, as the seed's rollback patch does", () => {
      const decision = decideRelease(
        input({ desired: v200, automaticRollback: true, lastKnownGood: v200, rollback: rolledBackRecord, live: { release: v200, readiness: available, progressDeadlineExceeded: false } }),
        now,
      );
      expect(decision).toEqual({ state: 'Available', run: v200, lastKnownGood: v200 });
    });

    it('holds the rollback even when automatic rollback is switched off afterwards', () => {
      const decision = decideRelease(input({ lastKnownGood: v200, rollback: rolledBackRecord }), now);
      expect(decision.state).toBe('RolledBack');
    });
  });
});
