import { PriorityFifo } from './priority-fifo.ts';

const drain = (fifo: PriorityFifo<string>): string[] => {
  const out: string[] = [];
  for (let key = fifo.shift(); key !== undefined; key = fifo.shift()) out.push(key);
  return out;
};

describe('PriorityFifo', () => {
  it('hands out higher priorities first, in push order within one', () => {
    const fifo = new PriorityFifo<string>();
    fifo.push('low-1', -100);
    fifo.push('a', 0);
    fifo.push('low-2', -100);
    fifo.push('b', 0);
    fifo.push('urgent', 10);
    expect(fifo.size).toBe(5);
    expect(drain(fifo)).toEqual(['urgent', 'a', 'b', 'low-1', 'low-2']);
    expect(fifo.size).toBe(0);
  });

  it('holds a key once; raising it moves it to the back of the higher line, lowering does nothing', () => {
    const fifo = new PriorityFifo<string>();
    fifo.push('x', -100);
    fifo.push('y', -100);
    fifo.push('a', 0);
    fifo.push('x', 0);
    fifo.push('a', -100);
    expect(fifo.size).toBe(3);
    expect(fifo.has('x')).toBe(true);
    expect(drain(fifo)).toEqual(['a', 'x', 'y']);
    expect(fifo.has('x')).toBe(false);
  });

  it('skips the entry a raised key left behind, also once the key is pushed again at the old priority', () => {
    const fifo = new PriorityFifo<string>();
    fifo.push('x', -100);
    fifo.push('x', 0);
    expect(fifo.shift()).toBe('x');
    fifo.push('y', -100);
    fifo.push('x', -100);
    // 'x' is handed out once however many stale entries of it the low line holds.
    expect(drain(fifo)).toEqual(['x', 'y']);
    expect(fifo.size).toBe(0);
  });
});
