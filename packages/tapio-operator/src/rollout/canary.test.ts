import type { DefaultedCanary } from '../api/v1alpha1/defaults.ts';
import { canaryReplicasFor, decideCanary, type CanaryObservation, type CanaryStatus } from './canary.ts';

const T0 = new Date('2025-01-01T00:00:00Z');
const at = (seconds: number) => () => new Date(T0.getTime() + seconds * 1000);
const iso = (seconds: number) => new Date(T0.getTime() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

const canary: DefaultedCanary = {
  enabled: true,
  steps: [
    { weight: 25, pause: '2m' },
    { weight: 50, pause: '1m' },
  ],
  readyTimeout: '10m',
};
const ready = { current: true, ready: true, reason: 'Ready', message: '1/1 ready' };
const notReady = { current: true, ready: false, reason: 'ReplicasNotReady', message: '0/1 ready: ImagePullBackOff' };

const observed = (patch: Partial<CanaryObservation> = {}): CanaryObservation => ({
  canary,
  replicas: 4,
  desiredRevision: 'new',
  stableRevision: 'old',
  ...patch,
});

const progressing = (patch: Partial<CanaryStatus> = {}): CanaryStatus => ({
  phase: 'Progressing',
  revision: 'new',
  step: 0,
  stepStartedAt: iso(0),
  reason: 'CanaryStarted',
  message: 'm',
  ...patch,
});

describe('decideCanary', () => {
  describe('when there is nothing to canary', () => {
    it('rolls the first version out directly', () => {
      expect(decideCanary(observed({ stableRevision: undefined }), at(0))).toEqual({ stableTemplate: 'desired', canaryReplicas: 0 });
    });

    it('rolls a new version out directly when canary is off', () => {
      expect(decideCanary(observed({ canary: { ...canary, enabled: false } }), at(0))).toEqual({ stableTemplate: 'desired', canaryReplicas: 0 });
    });

    it('changes nothing when the stable Deployment runs the desired revision, and keeps the record of the last canary', () => {
      const promoted: CanaryStatus = { ...progressing(), phase: 'Promoted', reason: 'CanaryPromoted' };
      expect(decideCanary(observed({ stableRevision: 'new', previous: promoted }), at(99))).toEqual({ stableTemplate: 'desired', canaryReplicas: 0, status: promoted });
    });

    it('abandons a running canary when canary is turned off', () => {
      const decision = decideCanary(observed({ canary: { ...canary, enabled: false }, previous: progressing() }), at(5));
      expect(decision).toMatchObject({ stableTemplate: 'desired', canaryReplicas: 0, event: { type: 'Normal', reason: 'CanaryAbandoned' } });
      expect(decision.status).toBeUndefined();
    });

    it('abandons a running canary when the spec goes back to the stable revision', () => {
      const decision = decideCanary(observed({ desiredRevision: 'old', previous: progressing() }), at(5));
      expect(decision).toMatchObject({ stableTemplate: 'desired', canaryReplicas: 0, event: { reason: 'CanaryAbandoned' } });
      expect(decision.event?.message).toContain('revision new');
    });
  });

  describe('a new revision', () => {
    it('starts the first step beside the old version: 25% of 4 is one pod', () => {
      expect(decideCanary(observed(), at(0))).toEqual({
        stableTemplate: 'running',
        canaryReplicas: 1,
        status: { phase: 'Progressing', revision: 'new', step: 0, stepStartedAt: iso(0), reason: 'CanaryStarted', message: 'running revision new beside old at step 1 of 2 (25%)' },
        requeueAfterMs: 600_000,
        event: { type: 'Normal', reason: 'CanaryStarted', message: 'running revision new beside old at step 1 of 2 (25%)' },
      });
    });

    it('starts over when the spec changes again during a canary', () => {
      const decision = decideCanary(observed({ desiredRevision: 'newer', previous: progressing({ step: 1 }) }), at(30));
      expect(decision.status).toMatchObject({ phase: 'Progressing', revision: 'newer', step: 0, stepStartedAt: iso(30) });
      expect(decision.event?.reason).toBe('CanaryStarted');
    });

    it('tries again after a rollback when the spec changes to yet another revision', () => {
      const rolledBack = progressing({ phase: 'RolledBack', reason: 'CanaryNotReady' });
      expect(decideCanary(observed({ desiredRevision: 'fixed', previous: rolledBack }), at(900)).status).toMatchObject({ phase: 'Progressing', revision: 'fixed', step: 0 });
    });
  });

  describe('a step in progress', () => {
    it('waits for the canary pods, until the timeout', () => {
      const decision = decideCanary(observed({ previous: progressing(), canaryWorkload: { revision: 'new', verdict: notReady } }), at(60));
      expect(decision).toEqual({
        stableTemplate: 'running',
        canaryReplicas: 1,
        status: progressing({ reason: 'WaitingForCanary', message: 'step 1 of 2 (25%): 0/1 ready: ImagePullBackOff' }),
        requeueAfterMs: 540_000,
      });
    });

    it('does not count a canary that still runs an older revision as ready', () => {
      const decision = decideCanary(observed({ previous: progressing(), canaryWorkload: { revision: 'older', verdict: ready } }), at(60));
      expect(decision.status).toMatchObject({ reason: 'WaitingForCanary', message: 'step 1 of 2 (25%): the canary Deployment does not run the new revision yet' });
    });

    it('does not count a canary its controller has not caught up with as ready', () => {
      const decision = decideCanary(observed({ previous: progressing(), canaryWorkload: { revision: 'new', verdict: { ...ready, current: false } } }), at(60));
      expect(decision.status?.reason).toBe('WaitingForCanary');
    });

    it('holds a ready step for its pause, counted from when it was first seen ready', () => {
      const first = decideCanary(observed({ previous: progressing(), canaryWorkload: { revision: 'new', verdict: ready } }), at(60));
      expect(first).toMatchObject({ stableTemplate: 'running', canaryReplicas: 1, requeueAfterMs: 120_000 });
      expect(first.status).toMatchObject({ phase: 'Progressing', step: 0, stepReadyAt: iso(60), reason: 'Pausing' });

      const later = decideCanary(observed({ previous: first.status, canaryWorkload: { revision: 'new', verdict: ready } }), at(150));
      expect(later.requeueAfterMs).toBe(30_000);
      expect(later.status?.stepReadyAt).toBe(iso(60));
    });

    it('restarts the pause when the step stops being ready during it', () => {
      const pausing = progressing({ stepReadyAt: iso(60), reason: 'Pausing' });
      const decision = decideCanary(observed({ previous: pausing, canaryWorkload: { revision: 'new', verdict: notReady } }), at(90));
      expect(decision.status?.stepReadyAt).toBeUndefined();
      expect(decision.status?.reason).toBe('WaitingForCanary');
    });

    it('goes to the next step once the pause is over: 50% of 4 is two pods', () => {
      const pausing = progressing({ stepReadyAt: iso(60), reason: 'Pausing' });
      const decision = decideCanary(observed({ previous: pausing, canaryWorkload: { revision: 'new', verdict: ready } }), at(180));
      expect(decision).toEqual({
        stableTemplate: 'running',
        canaryReplicas: 2,
        status: { phase: 'Progressing', revision: 'new', step: 1, stepStartedAt: iso(180), reason: 'StepStarted', message: 'running revision new beside old at step 2 of 2 (50%)' },
        requeueAfterMs: 600_000,
      });
    });

    it('promotes after the last step: the stable Deployment takes the new template and the canary goes', () => {
      const lastPausing = progressing({ step: 1, stepStartedAt: iso(180), stepReadyAt: iso(200), reason: 'Pausing' });
      const decision = decideCanary(observed({ previous: lastPausing, canaryWorkload: { revision: 'new', verdict: ready } }), at(260));
      expect(decision).toEqual({
        stableTemplate: 'desired',
        canaryReplicas: 0,
        status: { phase: 'Promoted', revision: 'new', step: 1, stepStartedAt: iso(180), reason: 'CanaryPromoted', message: 'revision new was ready at every step and replaces old' },
        event: { type: 'Normal', reason: 'CanaryPromoted', message: 'revision new was ready at every step and replaces old' },
      });
    });
  });

  describe('a canary that does not become ready in time', () => {
    const rolledBack = decideCanary(observed({ previous: progressing(), canaryWorkload: { revision: 'new', verdict: notReady } }), at(600));

    it('is removed, the old version stays, and status and an Event say why', () => {
      const message = 'step 1 of 2 (25%) did not become ready within 10m: 0/1 ready: ImagePullBackOff; revision old stays';
      expect(rolledBack).toEqual({
        stableTemplate: 'running',
        canaryReplicas: 0,
        status: { phase: 'RolledBack', revision: 'new', step: 0, stepStartedAt: iso(0), reason: 'CanaryNotReady', message },
        event: { type: 'Warning', reason: 'CanaryRolledBack', message },
      });
    });

    it('is not tried again while the spec asks for the same revision', () => {
      expect(decideCanary(observed({ previous: rolledBack.status }), at(5000))).toEqual({ stableTemplate: 'running', canaryReplicas: 0, status: rolledBack.status });
    });

    it('times out from the start of its step, at any step', () => {
      const second = progressing({ step: 1, stepStartedAt: iso(300) });
      expect(decideCanary(observed({ previous: second, canaryWorkload: { revision: 'new', verdict: notReady } }), at(899)).status?.phase).toBe('Progressing');
      expect(decideCanary(observed({ previous: second, canaryWorkload: { revision: 'new', verdict: notReady } }), at(900)).status?.phase).toBe('RolledBack');
    });
  });
});

describe('canaryReplicasFor', () => {
  it.each([
    [25, 4, 1],
    [50, 4, 2],
    [10, 3, 1],
    [1, 1, 1],
    [60, 5, 3],
    [100, 7, 7],
  ])('%i%% of %i replicas is %i pod(s)', (weight, replicas, expected) => {
    expect(canaryReplicasFor(weight, replicas)).toBe(expected);
  });
});
