import { systemClock } from './clock.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { DeadlineHeap } from './deadline-heap.ts';
import { Fifo } from './fifo.ts';
import { noopWorkQueueMetrics } from './metrics.ts';
import type { WorkQueueMetrics } from './metrics.ts';
import { PriorityFifo } from './priority-fifo.ts';
import { defaultControllerRateLimiter } from './rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** The priority of an ordinary add: a change someone made, a retry, a requeue. */
export const NORMAL_PRIORITY = 0;
/**
 * The priority of work that only re-confirms what was already reconciled: a resync, or the objects of
 * an informer's initial list. controller-runtime's priority queue gives these `handler.LowPriority`
 * (-100) too, so a real change is never queued behind a thousand re-checks.
 */
export const LOW_PRIORITY = -100;

export type WorkQueueItem<K> = { key: K; shutdown: false } | { shutdown: true };

export interface WorkQueueOptions<K> {
  /** Used by `addRateLimited`; defaults to `defaultControllerRateLimiter()` on the queue's clock. */
  rateLimiter?: RateLimiter<K>;
  metrics?: WorkQueueMetrics;
  clock?: Clock;
  /** How often the unfinished-work gauges are sampled while metrics are enabled (client-go: 500 ms). */
  unfinishedWorkUpdatePeriodMs?: number;
}

export interface DrainOptions {
  /** Give up waiting for in-flight items after this long and reject with WorkQueueDrainTimeoutError. */
  timeoutMs?: number;
}

export class WorkQueueDrainTimeoutError extends Error {
  readonly inFlight: readonly string[];

  constructor(timeoutMs: number, inFlight: readonly string[]) {
    super(`work queue drain timed out after ${timeoutMs} ms with ${inFlight.length} item(s) in flight`);
    this.name = 'WorkQueueDrainTimeoutError';
    this.inFlight = inFlight;
  }
}

interface DrainWaiter {
  resolve(): void;
  timeout: TimerHandle | undefined;
}

/**
 * The controller work queue, with client-go's rate-limiting delaying queue semantics:
 * - a key pending more than once is handed out once;
 * - keys of a higher priority are handed out first, in the order they were added within a
 *   priority; adding a pending key at a higher priority raises it (never lowers it);
 * - a key is never handed out while it is being processed: re-adding it marks it dirty and it is
 *   queued again when `done` is called;
 * - `addAfter` holds the key until its earliest requested deadline, then adds it;
 * - after `shutDown`, adds are ignored, waiting getters receive `{ shutdown: true }`, and keys
 *   already queued are still handed out until the queue is empty.
 */
export class WorkQueue<K extends string = string> {
  readonly #rateLimiter: RateLimiter<K>;
  readonly #metrics: WorkQueueMetrics;
  readonly #clock: Clock;

  readonly #ready = new PriorityFifo<K>();
  /** Keys added and not yet handed out, with the time of their first add since the last hand-out and the highest priority asked. */
  readonly #pending = new Map<K, { since: number; priority: number }>();
  /** Keys handed out and not yet done, with their hand-out time. */
  readonly #processingSince = new Map<K, number>();
  readonly #getters = new Fifo<(item: WorkQueueItem<K>) => void>();
  readonly #delayed = new DeadlineHeap<K>();
  #delayTimer: TimerHandle | undefined;
  #delayTimerDeadline = Infinity;
  #unfinishedWorkTimer: TimerHandle | undefined;
  readonly #drainWaiters = new Set<DrainWaiter>();
  #shuttingDown = false;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#rateLimiter = options.rateLimiter ?? defaultControllerRateLimiter<K>({ clock: this.#clock });
    this.#metrics = options.metrics ?? noopWorkQueueMetrics;
    if (this.#metrics !== noopWorkQueueMetrics) {
      this.#sampleUnfinishedWorkEvery(options.unfinishedWorkUpdatePeriodMs ?? 500);
    }
  }

  /** `priority`: NORMAL_PRIORITY unless the add only re-confirms settled state (LOW_PRIORITY). */
  add(key: K, priority = NORMAL_PRIORITY): void {
    if (this.#shuttingDown) return;
    const pending = this.#pending.get(key);
    if (pending) {
      if (priority > pending.priority) {
        pending.priority = priority;
        if (this.#ready.has(key)) this.#ready.push(key, priority);
      }
      return;
    }
    this.#pending.set(key, { since: this.#clock.now(), priority });
    this.#metrics.incAdds();
    this.#metrics.setDepth(this.#pending.size);
    if (!this.#processingSince.has(key)) this.#enqueue(key, priority);
  }

  /** Adds the key once `delayMs` has passed; of several pending delays for a key the earliest wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.#shuttingDown) return;
    this.#metrics.incRetries();
    if (!(delayMs > 0)) {
      this.add(key);
      return;
    }
    this.#delayed.offer(key, this.#clock.now() + delayMs);
    this.#armDelayTimer();
  }

  addRateLimited(key: K): void {
    if (this.#shuttingDown) return;
    this.addAfter(key, this.#rateLimiter.when(key));
  }

  forget(key: K): void {
    this.#rateLimiter.forget(key);
  }

  numRequeues(key: K): number {
    return this.#rateLimiter.retries(key);
  }

  /** Resolves with the next ready key, or with `shutdown` once the queue is shut down and empty. */
  get(): Promise<WorkQueueItem<K>> {
    const key = this.#ready.shift();
    if (key !== undefined) return Promise.resolve(this.#handOut(key));
    if (this.#shuttingDown) return Promise.resolve({ shutdown: true });
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  /** Marks a handed-out key finished; if it was added meanwhile it is queued again. */
  done(key: K): void {
    const handedOutAt = this.#processingSince.get(key);
    if (handedOutAt === undefined) return;
    this.#processingSince.delete(key);
    this.#metrics.observeWorkDuration(this.#secondsSince(handedOutAt));
    const pending = this.#pending.get(key);
    if (pending) this.#enqueue(key, pending.priority);
    if (this.#processingSince.size === 0) this.#releaseDrainWaiters();
  }

  /** Keys ready to be handed out now (not counting keys waiting for their in-flight run to finish). */
  len(): number {
    return this.#ready.size;
  }

  isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  shutDown(): void {
    this.#beginShutdown();
    this.#releaseDrainWaiters();
  }

  /** Shuts down, then resolves once no item is in flight. `shutDown()` meanwhile stops the wait. */
  shutDownWithDrain(options: DrainOptions = {}): Promise<void> {
    this.#beginShutdown();
    if (this.#processingSince.size === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: DrainWaiter = { resolve, timeout: undefined };
      const { timeoutMs } = options;
      if (timeoutMs !== undefined) {
        waiter.timeout = this.#clock.setTimer(() => {
          this.#drainWaiters.delete(waiter);
          reject(new WorkQueueDrainTimeoutError(timeoutMs, [...this.#processingSince.keys()]));
        }, timeoutMs);
      }
      this.#drainWaiters.add(waiter);
    });
  }

  #enqueue(key: K, priority: number): void {
    const getter = this.#getters.shift();
    if (getter) getter(this.#handOut(key));
    else this.#ready.push(key, priority);
  }

  #handOut(key: K): { key: K; shutdown: false } {
    const now = this.#clock.now();
    const pending = this.#pending.get(key);
    this.#pending.delete(key);
    this.#processingSince.set(key, now);
    this.#metrics.setDepth(this.#pending.size);
    if (pending !== undefined) this.#metrics.observeQueueDuration((now - pending.since) / 1000);
    return { key, shutdown: false };
  }

  #armDelayTimer(): void {
    const deadline = this.#delayed.earliestDeadline();
    if (deadline === undefined || deadline >= this.#delayTimerDeadline) return;
    this.#delayTimer?.cancel();
    this.#delayTimerDeadline = deadline;
    this.#delayTimer = this.#clock.setTimer(() => this.#addDueKeys(), deadline - this.#clock.now());
  }

  #addDueKeys(): void {
    this.#delayTimer = undefined;
    this.#delayTimerDeadline = Infinity;
    const now = this.#clock.now();
    for (let key = this.#delayed.popDue(now); key !== undefined; key = this.#delayed.popDue(now)) this.add(key);
    // Real timers may fire a little before the monotonic clock reaches the deadline: re-arm for the rest.
    this.#armDelayTimer();
  }

  #sampleUnfinishedWorkEvery(periodMs: number): void {
    this.#unfinishedWorkTimer = this.#clock.setTimer(() => {
      if (this.#shuttingDown) return;
      this.#reportUnfinishedWork();
      this.#sampleUnfinishedWorkEvery(periodMs);
    }, periodMs);
  }

  #reportUnfinishedWork(): void {
    let totalSeconds = 0;
    let longestSeconds = 0;
    for (const handedOutAt of this.#processingSince.values()) {
      const ageSeconds = this.#secondsSince(handedOutAt);
      totalSeconds += ageSeconds;
      longestSeconds = Math.max(longestSeconds, ageSeconds);
    }
    this.#metrics.setUnfinishedWorkSeconds(totalSeconds);
    this.#metrics.setLongestRunningProcessorSeconds(longestSeconds);
  }

  #beginShutdown(): void {
    if (this.#shuttingDown) return;
    this.#shuttingDown = true;
    this.#delayTimer?.cancel();
    this.#delayTimer = undefined;
    this.#delayTimerDeadline = Infinity;
    this.#delayed.clear();
    this.#unfinishedWorkTimer?.cancel();
    this.#unfinishedWorkTimer = undefined;
    for (let getter = this.#getters.shift(); getter; getter = this.#getters.shift()) getter({ shutdown: true });
  }

  #releaseDrainWaiters(): void {
    for (const waiter of this.#drainWaiters) {
      waiter.timeout?.cancel();
      waiter.resolve();
    }
    this.#drainWaiters.clear();
  }

  #secondsSince(startMs: number): number {
    return (this.#clock.now() - startMs) / 1000;
  }
}
