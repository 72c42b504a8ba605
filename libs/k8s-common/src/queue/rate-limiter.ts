import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';

/** Decides how long a key waits before it is retried (client-go's workqueue.TypedRateLimiter). */
export interface RateLimiter<K> {
  /** Milliseconds to wait before the key is handed out again; records the attempt. */
  when(key: K): number;
  /** Clears the key's failure history, typically after it was processed successfully. */
  forget(key: K): void;
  /** How many times the key has been limited since it was last forgotten. */
  retries(key: K): number;
}

/** Per-key backoff: `baseDelayMs * 2^failures`, never more than `maxDelayMs`. */
export class ItemExponentialFailureRateLimiter<K = string> implements RateLimiter<K> {
  readonly #failures = new Map<K, number>();
  readonly #baseDelayMs: number;
  readonly #maxDelayMs: number;

  constructor(baseDelayMs = 5, maxDelayMs = 1_000_000) {
    if (!(baseDelayMs >= 0) || !(maxDelayMs >= 0)) throw new RangeError('delays must be non-negative numbers');
    this.#baseDelayMs = baseDelayMs;
    this.#maxDelayMs = maxDelayMs;
  }

  when(key: K): number {
    const failures = this.#failures.get(key) ?? 0;
    this.#failures.set(key, failures + 1);
    // 2 ** failures reaches Infinity after 1023 failures; the cap absorbs it rather than overflowing.
    const backoffMs = this.#baseDelayMs * 2 ** failures;
    return Number.isFinite(backoffMs) && backoffMs <= this.#maxDelayMs ? backoffMs : this.#maxDelayMs;
  }

  forget(key: K): void {
    this.#failures.delete(key);
  }

  retries(key: K): number {
    return this.#failures.get(key) ?? 0;
  }
}

export interface BucketRateLimiterOptions {
  /** Tokens added per second; Infinity disables limiting. */
  qps?: number;
  /** Bucket size: how many keys may go without waiting after a quiet period. */
  burst?: number;
  clock?: Pick<Clock, 'now'>;
}

/**
 * One token bucket shared by all keys. Every `when` takes a token, borrowing from the future when
 * the bucket is empty, so callers are spaced `1/qps` apart behind a burst — the behaviour of
 * golang.org/x/time/rate's `Limiter.Reserve().Delay()`.
 */
export class BucketRateLimiter<K = string> implements RateLimiter<K> {
  readonly #tokensPerMs: number;
  readonly #burst: number;
  readonly #clock: Pick<Clock, 'now'>;
  #tokens: number;
  #lastMs: number;

  constructor({ qps = 10, burst = 100, clock = systemClock }: BucketRateLimiterOptions = {}) {
    if (!(qps > 0)) throw new RangeError(`qps must be positive, got ${qps}`);
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`burst must be a positive integer, got ${burst}`);
    this.#tokensPerMs = qps / 1000;
    this.#burst = burst;
    this.#clock = clock;
    this.#tokens = burst;
    this.#lastMs = clock.now();
  }

  when(_key: K): number {
    if (this.#tokensPerMs === Infinity) return 0;
    const now = this.#clock.now();
    const elapsedMs = Math.max(now - this.#lastMs, 0);
    this.#tokens = Math.min(this.#tokens + elapsedMs * this.#tokensPerMs, this.#burst) - 1;
    this.#lastMs = now;
    return this.#tokens < 0 ? -this.#tokens / this.#tokensPerMs : 0;
  }

  forget(_key: K): void {}

  retries(_key: K): number {
    return 0;
  }
}

/** Combines limiters: every one records the attempt, and the longest wait wins. */
export class MaxOfRateLimiter<K = string> implements RateLimiter<K> {
  readonly #limiters: readonly RateLimiter<K>[];

  constructor(...limiters: RateLimiter<K>[]) {
    this.#limiters = limiters;
  }

  when(key: K): number {
    let longestMs = 0;
    for (const limiter of this.#limiters) longestMs = Math.max(longestMs, limiter.when(key));
    return longestMs;
  }

  forget(key: K): void {
    for (const limiter of this.#limiters) limiter.forget(key);
  }

  retries(key: K): number {
    let most = 0;
    for (const limiter of this.#limiters) most = Math.max(most, limiter.retries(key));
    return most;
  }
}

/**
 * controller-runtime's default: per-key backoff from 5 ms to 1000 s, and at most 10 retries per
 * second overall after a burst of 100.
 */
export function defaultControllerRateLimiter<K = string>(options: { clock?: Pick<Clock, 'now'> } = {}): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(
    new ItemExponentialFailureRateLimiter<K>(5, 1_000_000),
    new BucketRateLimiter<K>({ qps: 10, burst: 100, clock: options.clock }),
  );
}
