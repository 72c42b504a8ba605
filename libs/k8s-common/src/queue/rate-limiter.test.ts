import { ManualClock } from './manual-clock.ts';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  MaxOfRateLimiter,
  defaultControllerRateLimiter,
} from './rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';

describe('ItemExponentialFailureRateLimiter', () => {
  it('doubles from the base delay per key and counts retries', () => {
    const limiter = new ItemExponentialFailureRateLimiter(5, 1_000_000);
    expect([1, 2, 3, 4, 5].map(() => limiter.when('a'))).toEqual([5, 10, 20, 40, 80]);
    expect(limiter.retries('a')).toBe(5);
    expect(limiter.when('b')).toBe(5);
    expect(limiter.retries('b')).toBe(1);
  });

  it('caps at the max delay and never overflows', () => {
    const limiter = new ItemExponentialFailureRateLimiter(5, 1_000_000);
    const delays = Array.from({ length: 2000 }, () => limiter.when('a'));
    // 5 * 2^17 = 655 360 ms is the last step under 1000 s.
    expect(delays[17]).toBe(655_360);
    expect(delays[18]).toBe(1_000_000);
    expect(delays.at(-1)).toBe(1_000_000);
    expect(delays.every((d) => Number.isFinite(d) && d <= 1_000_000)).toBe(true);
  });

  it('starts over after forget', () => {
    const limiter = new ItemExponentialFailureRateLimiter(1, 1000);
    limiter.when('a');
    limiter.when('a');
    limiter.forget('a');
    expect(limiter.retries('a')).toBe(0);
    expect(limiter.when('a')).toBe(1);
  });

  it('defaults to 5 ms .. 1000 s', () => {
    const limiter = new ItemExponentialFailureRateLimiter();
    expect(limiter.when('a')).toBe(5);
    for (let i = 0; i < 40; i++) limiter.when('a');
    expect(limiter.when('a')).toBe(1_000_000);
  });
});

describe('BucketRateLimiter', () => {
  it('lets the burst through, then spaces keys 1/qps apart by reserving future tokens', () => {
    const clock = new ManualClock();
    const limiter = new BucketRateLimiter({ qps: 10, burst: 100, clock });
    const burst = Array.from({ length: 100 }, (_, i) => limiter.when(`k${i}`));
    expect(burst.every((d) => d === 0)).toBe(true);
    expect(limiter.when('x')).toBeCloseTo(100);
    expect(limiter.when('y')).toBeCloseTo(200);
    expect(limiter.when('z')).toBeCloseTo(300);
  });

  it('refills at qps up to the burst size', () => {
    const clock = new ManualClock();
    const limiter = new BucketRateLimiter({ qps: 10, burst: 20, clock });
    for (let i = 0; i < 22; i++) limiter.when('k'); // two tokens into debt
    clock.advance(1000); // +10 tokens: 8 available
    const delays = Array.from({ length: 9 }, () => limiter.when('k'));
    expect(delays.slice(0, 8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(delays[8]).toBeCloseTo(100);
    clock.advance(60_000); // a long pause refills only to the burst
    expect(Array.from({ length: 21 }, () => limiter.when('k')).filter((d) => d === 0)).toHaveLength(20);
  });

  it('never limits with infinite qps and has no per-key state', () => {
    const limiter = new BucketRateLimiter({ qps: Infinity, burst: 1, clock: new ManualClock() });
    expect([1, 2, 3].map(() => limiter.when('a'))).toEqual([0, 0, 0]);
    expect(limiter.retries('a')).toBe(0);
  });

  it('rejects settings that could never hand out a token', () => {
    expect(() => new BucketRateLimiter({ qps: 0 })).toThrow(RangeError);
    expect(() => new BucketRateLimiter({ burst: 0 })).toThrow(RangeError);
  });
});

describe('MaxOfRateLimiter', () => {
  const fixed = (delayMs: number, retries: number): RateLimiter<string> & { forgotten: string[] } => ({
    forgotten: [],
    when: () => delayMs,
    retries: () => retries,
    forget(key) {
      this.forgotten.push(key);
    },
  });

  it('waits for the longest limiter, reports the most retries and forgets everywhere', () => {
    const short = fixed(10, 3);
    const long = fixed(50, 1);
    const limiter = new MaxOfRateLimiter(short, long);
    expect(limiter.when('a')).toBe(50);
    expect(limiter.retries('a')).toBe(3);
    limiter.forget('a');
    expect(short.forgotten).toEqual(['a']);
    expect(long.forgotten).toEqual(['a']);
  });
});

describe('defaultControllerRateLimiter', () => {
  it('is per-key backoff while the bucket has tokens, and the bucket once it is empty', () => {
    const clock = new ManualClock();
    const limiter = defaultControllerRateLimiter({ clock });
    expect([1, 2, 3].map(() => limiter.when('a'))).toEqual([5, 10, 20]);
    for (let i = 0; i < 97; i++) limiter.when(`k${i}`); // uses up the burst of 100
    expect(limiter.when('fresh')).toBeCloseTo(100); // bucket (100 ms) beats the 5 ms backoff
    expect(limiter.retries('a')).toBe(3);
    limiter.forget('a');
    expect(limiter.retries('a')).toBe(0);
  });

  it('caps per-key backoff at 1000 s', () => {
    const limiter = defaultControllerRateLimiter({ clock: new ManualClock() });
    let last = 0;
    for (let i = 0; i < 30; i++) last = limiter.when('a');
    expect(last).toBe(1_000_000);
  });
});
