import { ManualClock } from '../queue/manual-clock.ts';
import type { LeaderElectionRecord } from './lease-record.ts';
import { JITTER_FACTOR, decideAcquire, isLeaseExpired, jittered, leaseDurationSeconds, renewDeadlinePassed, validateTimings } from './timing.ts';

const held = (holderIdentity: string, leaseDurationSeconds = 15): LeaderElectionRecord => ({
  holderIdentity,
  leaseDurationSeconds,
  acquireTime: '2020-01-01T00:00:00.000000Z',
  // Deliberately far in the past: expiry must not depend on the holder's clock.
  renewTime: '2020-01-01T00:00:00.000000Z',
  leaseTransitions: 3,
});

describe('validateTimings', () => {
  it('accepts client-go defaults and the short e2e timings', () => {
    expect(() => validateTimings({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 })).not.toThrow();
    expect(() => validateTimings({ leaseDurationMs: 4_000, renewDeadlineMs: 3_000, retryPeriodMs: 500 })).not.toThrow();
  });

  it('requires the leader to give up before candidates may take over', () => {
    expect(() => validateTimings({ leaseDurationMs: 10_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 })).toThrow(/leaseDurationMs/);
  });

  it('requires more than one jittered retry within the renew deadline', () => {
    expect(() => validateTimings({ leaseDurationMs: 15_000, renewDeadlineMs: 2_400, retryPeriodMs: 2_000 })).toThrow(/retryPeriodMs/);
    expect(() => validateTimings({ leaseDurationMs: 15_000, renewDeadlineMs: 2_401, retryPeriodMs: 2_000 })).not.toThrow();
  });

  it('rejects zero, negative and non-finite durations', () => {
    expect(() => validateTimings({ leaseDurationMs: 0, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 })).toThrow(RangeError);
    expect(() => validateTimings({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: -1 })).toThrow(RangeError);
    expect(() => validateTimings({ leaseDurationMs: Infinity, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 })).toThrow(RangeError);
  });
});

describe('leaseDurationSeconds', () => {
  it('rounds up to whole seconds, at least one', () => {
    expect(leaseDurationSeconds(15_000)).toBe(15);
    expect(leaseDurationSeconds(4_500)).toBe(5);
    expect(leaseDurationSeconds(1)).toBe(1);
  });
});

describe('isLeaseExpired', () => {
  it('expires leaseDurationSeconds after the local observation, not before', () => {
    const clock = new ManualClock(1_000);
    const observedAtMs = clock.now();
    clock.advance(14_999);
    expect(isLeaseExpired(observedAtMs, 15, clock.now())).toBe(false);
    clock.advance(1);
    expect(isLeaseExpired(observedAtMs, 15, clock.now())).toBe(true);
  });

  it('treats a lease without a duration as expired', () => {
    expect(isLeaseExpired(5_000, 0, 5_000)).toBe(true);
  });
});

describe('decideAcquire', () => {
  const clock = new ManualClock(100_000);

  it('renews a lease we hold, expired or not', () => {
    expect(decideAcquire('me', held('me'), clock.now(), clock.now())).toBe('renew');
    expect(decideAcquire('me', held('me'), clock.now() - 60_000, clock.now())).toBe('renew');
  });

  it('waits while another holder’s lease runs, however old its renewTime', () => {
    expect(decideAcquire('me', held('other'), clock.now() - 14_000, clock.now())).toBe('wait');
  });

  it('takes a lease whose holder has not changed it for a full lease duration', () => {
    expect(decideAcquire('me', held('other'), clock.now() - 15_000, clock.now())).toBe('take');
  });

  it('takes a released lease at once', () => {
    expect(decideAcquire('me', held('', 1), clock.now(), clock.now())).toBe('take');
  });
});

describe('renewDeadlinePassed', () => {
  it('counts from when the last successful renewal was sent', () => {
    const clock = new ManualClock();
    const sentAtMs = clock.now();
    clock.advance(9_999);
    expect(renewDeadlinePassed(sentAtMs, 10_000, clock.now())).toBe(false);
    clock.advance(1);
    expect(renewDeadlinePassed(sentAtMs, 10_000, clock.now())).toBe(true);
  });
});

describe('jittered', () => {
  it('waits between one and 1 + JITTER_FACTOR periods', () => {
    expect(jittered(2_000, JITTER_FACTOR, 0)).toBe(2_000);
    expect(jittered(2_000, JITTER_FACTOR, 0.5)).toBe(3_200);
    expect(jittered(2_000, JITTER_FACTOR, 0.999_999)).toBeLessThan(4_400);
    for (let i = 0; i < 100; i++) {
      const wait = jittered(500);
      expect(wait).toBeGreaterThanOrEqual(500);
      expect(wait).toBeLessThan(500 * (1 + JITTER_FACTOR));
    }
  });
});
