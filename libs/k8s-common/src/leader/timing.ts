import type { LeaderElectionRecord } from './lease-record.ts';

/** client-go's JitterFactor: candidates wait between 1 and 2.2 retry periods, so they do not stampede. */
export const JITTER_FACTOR = 1.2;

export interface ElectionTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
}

/**
 * The constraints client-go enforces. The leader must give up (renew deadline) before a candidate
 * may take over (lease duration), or two would lead at once; and it must get more than one try
 * at renewing before it gives up.
 */
export function validateTimings({ leaseDurationMs, renewDeadlineMs, retryPeriodMs }: ElectionTimings): void {
  for (const [name, value] of Object.entries({ leaseDurationMs, renewDeadlineMs, retryPeriodMs })) {
    if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`${name} must be a positive number of milliseconds, got ${value}`);
  }
  if (leaseDurationMs <= renewDeadlineMs) {
    throw new RangeError(`leaseDurationMs (${leaseDurationMs}) must be greater than renewDeadlineMs (${renewDeadlineMs})`);
  }
  if (renewDeadlineMs <= JITTER_FACTOR * retryPeriodMs) {
    throw new RangeError(`renewDeadlineMs (${renewDeadlineMs}) must be greater than retryPeriodMs * ${JITTER_FACTOR} (${JITTER_FACTOR * retryPeriodMs})`);
  }
}

/** The Lease stores whole seconds; rounding up never promises a shorter lease than configured. */
export function leaseDurationSeconds(leaseDurationMs: number): number {
  return Math.max(1, Math.ceil(leaseDurationMs / 1000));
}

/**
 * Whether a lease last seen to change at `observedAtMs` has run out at `nowMs`. Both are readings
 * of the local monotonic clock: a candidate never compares the holder's renewTime with its own
 * clock, so clock skew between machines cannot make a live lease look expired.
 */
export function isLeaseExpired(observedAtMs: number, leaseDurationSeconds: number, nowMs: number): boolean {
  return observedAtMs + leaseDurationSeconds * 1000 <= nowMs;
}

export type AcquireDecision =
  /** We hold it: write a new renewTime, keep acquireTime and the transition count. */
  | 'renew'
  /** Free, released or expired: write ourselves as holder, one more transition. */
  | 'take'
  /** Someone else holds a live lease. */
  | 'wait';

export function decideAcquire(identity: string, record: LeaderElectionRecord, observedAtMs: number, nowMs: number): AcquireDecision {
  if (record.holderIdentity === identity) return 'renew';
  if (!record.holderIdentity || isLeaseExpired(observedAtMs, record.leaseDurationSeconds, nowMs)) return 'take';
  return 'wait';
}

/**
 * The leader's deadline: renewals count from when they were sent, not answered, because the
 * server may have committed the write — and other candidates started their lease clocks — any
 * time after sending.
 */
export function renewDeadlinePassed(lastRenewSentMs: number, renewDeadlineMs: number, nowMs: number): boolean {
  return nowMs >= lastRenewSentMs + renewDeadlineMs;
}

/** A wait of `periodMs` stretched by up to `factor` of itself, with `random` in [0, 1). */
export function jittered(periodMs: number, factor = JITTER_FACTOR, random = Math.random()): number {
  return periodMs + random * factor * periodMs;
}
