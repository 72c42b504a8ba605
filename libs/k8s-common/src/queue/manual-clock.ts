import type { Clock, TimerHandle } from './clock.ts';

interface ScheduledTimer {
  readonly dueAt: number;
  readonly order: number;
  readonly callback: () => void;
}

/**
 * A clock that only moves when told to, for exact and fast tests. `advance` fires every timer that
 * falls due within the step, in deadline order, with `now()` reading each timer's own deadline while
 * its callback runs — including timers scheduled by those callbacks within the same step.
 */
export class ManualClock implements Clock {
  #nowMs: number;
  #nextOrder = 0;
  readonly #timers = new Map<number, ScheduledTimer>();

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  now(): number {
    return this.#nowMs;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const order = this.#nextOrder++;
    this.#timers.set(order, { dueAt: this.#nowMs + Math.max(delayMs, 0), order, callback });
    return { cancel: () => this.#timers.delete(order) };
  }

  advance(ms: number): void {
    const target = this.#nowMs + ms;
    for (let timer = this.#earliestDueBy(target); timer; timer = this.#earliestDueBy(target)) {
      this.#timers.delete(timer.order);
      this.#nowMs = timer.dueAt;
      timer.callback();
    }
    this.#nowMs = target;
  }

  pendingTimerCount(): number {
    return this.#timers.size;
  }

  #earliestDueBy(limit: number): ScheduledTimer | undefined {
    let earliest: ScheduledTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.dueAt > limit) continue;
      if (!earliest || timer.dueAt < earliest.dueAt || (timer.dueAt === earliest.dueAt && timer.order < earliest.order)) {
        earliest = timer;
      }
    }
    return earliest;
  }
}
