import { Fifo } from './fifo.ts';

/**
 * Keys in first-in-first-out order within a priority, higher priorities first. A key is held once;
 * raising its priority moves it to the back of the higher priority's line (the entry it leaves is
 * skipped when reached), so every operation stays O(1) amortised over a handful of priorities.
 */
export class PriorityFifo<K> {
  /** The priority each held key is currently queued at. */
  readonly #priorityOf = new Map<K, number>();
  readonly #lines = new Map<number, Fifo<K>>();
  /** The priorities that have a line, highest first. */
  #order: number[] = [];

  get size(): number {
    return this.#priorityOf.size;
  }

  has(key: K): boolean {
    return this.#priorityOf.has(key);
  }

  /** Holds the key at `priority`; a key already held at a lower priority is raised to it, never lowered. */
  push(key: K, priority: number): void {
    const current = this.#priorityOf.get(key);
    if (current !== undefined && current >= priority) return;
    this.#priorityOf.set(key, priority);
    this.#line(priority).push(key);
  }

  /** The oldest key of the highest priority held, removed; undefined when none is held. */
  shift(): K | undefined {
    for (const priority of this.#order) {
      const line = this.#lines.get(priority)!;
      for (let key = line.shift(); key !== undefined; key = line.shift()) {
        // An entry left behind when its key was raised (or handed out and pushed again elsewhere).
        if (this.#priorityOf.get(key) !== priority) continue;
        this.#priorityOf.delete(key);
        return key;
      }
    }
    return undefined;
  }

  #line(priority: number): Fifo<K> {
    let line = this.#lines.get(priority);
    if (!line) {
      this.#lines.set(priority, (line = new Fifo<K>()));
      this.#order = [...this.#lines.keys()].sort((a, b) => b - a);
    }
    return line;
  }
}
