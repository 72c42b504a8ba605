import type { Clock } from '../queue/clock.ts';

export interface SpamFilterOptions {
  /** Events a key may send at once after a quiet period. */
  burst: number;
  /** Tokens a key regains per second. */
  qps: number;
  clock: Pick<Clock, 'now'>;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/**
 * client-go's EventSourceObjectSpamFilter: a token bucket per key (object and event type), so one
 * object stuck in a failure loop cannot fill etcd with Events, while other objects keep theirs.
 */
export class SpamFilter {
  readonly #burst: number;
  readonly #tokensPerMs: number;
  readonly #clock: Pick<Clock, 'now'>;
  readonly #buckets = new Map<string, Bucket>();

  constructor({ burst, qps, clock }: SpamFilterOptions) {
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`burst must be a positive integer, got ${burst}`);
    if (!(qps > 0)) throw new RangeError(`qps must be positive, got ${qps}`);
    this.#burst = burst;
    this.#tokensPerMs = qps / 1000;
    this.#clock = clock;
  }

  /** Takes a token for `key`; false means the event must be dropped. */
  tryAccept(key: string): boolean {
    const now = this.#clock.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#burst, updatedMs: now };
    bucket.tokens = this.#refilled(bucket, now);
    bucket.updatedMs = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets keys whose buckets have refilled: they behave exactly like keys never seen. */
  prune(): void {
    const now = this.#clock.now();
    for (const [key, bucket] of this.#buckets) {
      if (this.#refilled(bucket, now) >= this.#burst) this.#buckets.delete(key);
    }
  }

  size(): number {
    return this.#buckets.size;
  }

  #refilled(bucket: Bucket, now: number): number {
    return Math.min(this.#burst, bucket.tokens + Math.max(0, now - bucket.updatedMs) * this.#tokensPerMs);
  }
}
