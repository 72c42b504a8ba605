import { performance } from 'node:perf_hooks';

export interface TimerHandle {
  cancel(): void;
}

/**
 * Time source and timer factory for the queue and rate limiters. Injected so that tests drive time
 * by hand (see ManualClock) instead of sleeping.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale; only differences are meaningful. */
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

// Node fires a timeout longer than a signed 32-bit millisecond count after 1 ms instead of late.
const LONGEST_NODE_TIMEOUT_MS = 2 ** 31 - 1;

/** Real time. Its timers are unref'd: a pending requeue must not keep a finished process alive. */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer(callback, delayMs) {
    let timeout: NodeJS.Timeout | undefined;
    const arm = (remainingMs: number): void => {
      const stepMs = Math.min(Math.max(remainingMs, 0), LONGEST_NODE_TIMEOUT_MS);
      const next = remainingMs > stepMs ? () => arm(remainingMs - stepMs) : callback;
      timeout = setTimeout(next, stepMs);
      timeout.unref();
    };
    arm(delayMs);
    return { cancel: () => clearTimeout(timeout) };
  },
};
