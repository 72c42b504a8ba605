interface Waiting<K> {
  readonly key: K;
  readyAt: number;
  readonly order: number;
  index: number;
}

/**
 * Keys waiting for a deadline, earliest first (insertion order among equal deadlines). A key is held
 * once: offering it again keeps whichever deadline is earlier.
 */
export class DeadlineHeap<K> {
  readonly #heap: Waiting<K>[] = [];
  readonly #byKey = new Map<K, Waiting<K>>();
  #nextOrder = 0;

  get size(): number {
    return this.#heap.length;
  }

  offer(key: K, readyAt: number): void {
    const existing = this.#byKey.get(key);
    if (existing) {
      if (readyAt < existing.readyAt) {
        existing.readyAt = readyAt;
        this.#siftUp(existing.index);
      }
      return;
    }
    const entry: Waiting<K> = { key, readyAt, order: this.#nextOrder++, index: this.#heap.length };
    this.#heap.push(entry);
    this.#byKey.set(key, entry);
    this.#siftUp(entry.index);
  }

  earliestDeadline(): number | undefined {
    return this.#heap[0]?.readyAt;
  }

  /** Removes and returns the earliest key if its deadline is at or before `now`. */
  popDue(now: number): K | undefined {
    const top = this.#heap[0];
    if (!top || top.readyAt > now) return undefined;
    const last = this.#heap.pop() as Waiting<K>;
    if (last !== top) {
      last.index = 0;
      this.#heap[0] = last;
      this.#siftDown(0);
    }
    this.#byKey.delete(top.key);
    return top.key;
  }

  clear(): void {
    this.#heap.length = 0;
    this.#byKey.clear();
  }

  #before(a: Waiting<K>, b: Waiting<K>): boolean {
    return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.order < b.order);
  }

  #swap(i: number, j: number): void {
    const a = this.#heap[i] as Waiting<K>;
    const b = this.#heap[j] as Waiting<K>;
    this.#heap[i] = b;
    this.#heap[j] = a;
    b.index = i;
    a.index = j;
  }

  #siftUp(index: number): void {
    let child = index;
    while (child > 0) {
      const parent = (child - 1) >> 1;
      if (!this.#before(this.#heap[child] as Waiting<K>, this.#heap[parent] as Waiting<K>)) return;
      this.#swap(child, parent);
      child = parent;
    }
  }

  #siftDown(index: number): void {
    let parent = index;
    for (;;) {
      const left = parent * 2 + 1;
      const right = left + 1;
      let smallest = parent;
      if (left < this.#heap.length && this.#before(this.#heap[left] as Waiting<K>, this.#heap[smallest] as Waiting<K>)) smallest = left;
      if (right < this.#heap.length && this.#before(this.#heap[right] as Waiting<K>, this.#heap[smallest] as Waiting<K>)) smallest = right;
      if (smallest === parent) return;
      this.#swap(parent, smallest);
      parent = smallest;
    }
  }
}
