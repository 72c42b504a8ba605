import { systemClock } from './clock.ts';
import { DeadlineHeap } from './deadline-heap.ts';
import { Fifo } from './fifo.ts';
import { ManualClock } from './manual-clock.ts';

describe('ManualClock', () => {
  it('fires due timers in deadline order at their own time, including ones scheduled meanwhile', () => {
    const clock = new ManualClock(1000);
    const fired: [string, number][] = [];
    clock.setTimer(() => fired.push(['b', clock.now()]), 20);
    clock.setTimer(() => {
      fired.push(['a', clock.now()]);
      clock.setTimer(() => fired.push(['nested', clock.now()]), 5);
    }, 10);
    const cancelled = clock.setTimer(() => fired.push(['cancelled', clock.now()]), 1);
    cancelled.cancel();
    clock.advance(30);
    expect(fired).toEqual([
      ['a', 1010],
      ['nested', 1015],
      ['b', 1020],
    ]);
    expect(clock.now()).toBe(1030);
    expect(clock.pendingTimerCount()).toBe(0);
  });
});

describe('systemClock', () => {
  it('fires and cancels real timers', async () => {
    const fired: string[] = [];
    systemClock.setTimer(() => fired.push('kept'), 1);
    systemClock.setTimer(() => fired.push('cancelled'), 1).cancel();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(fired).toEqual(['kept']);
  });
});

describe('DeadlineHeap', () => {
  it('pops due keys earliest first, ties in insertion order', () => {
    const heap = new DeadlineHeap<string>();
    const deadlines = Array.from({ length: 200 }, (_, i) => ({ key: `k${i}`, at: (i * 7919) % 97 }));
    for (const { key, at } of deadlines) heap.offer(key, at);
    const expected = [...deadlines].sort((a, b) => a.at - b.at).map((d) => d.key);
    const popped: string[] = [];
    for (let key = heap.popDue(100); key !== undefined; key = heap.popDue(100)) popped.push(key);
    expect(popped).toEqual(expected);
  });

  it('keeps the earlier deadline for a repeated key and holds keys not yet due', () => {
    const heap = new DeadlineHeap<string>();
    heap.offer('a', 50);
    heap.offer('b', 20);
    heap.offer('a', 10);
    heap.offer('b', 30);
    expect(heap.size).toBe(2);
    expect(heap.earliestDeadline()).toBe(10);
    expect(heap.popDue(15)).toBe('a');
    expect(heap.popDue(15)).toBeUndefined();
    expect(heap.popDue(20)).toBe('b');
    expect(heap.size).toBe(0);
  });
});

describe('Fifo', () => {
  it('stays in order across compactions', () => {
    const fifo = new Fifo<number>();
    const out: number[] = [];
    for (let i = 0; i < 5000; i++) {
      fifo.push(i);
      if (i % 3 === 0) out.push(fifo.shift() as number);
    }
    for (let n = fifo.shift(); n !== undefined; n = fifo.shift()) out.push(n);
    expect(out).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(fifo.size).toBe(0);
  });
});
