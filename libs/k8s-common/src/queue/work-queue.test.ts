import { systemClock } from './clock.ts';
import { ManualClock } from './manual-clock.ts';
import type { WorkQueueMetrics } from './metrics.ts';
import { ItemExponentialFailureRateLimiter } from './rate-limiter.ts';
import { LOW_PRIORITY, WorkQueue, WorkQueueDrainTimeoutError } from './work-queue.ts';
import type { WorkQueueItem } from './work-queue.ts';

const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Records a promise's outcome so a test can assert it has (not) settled yet. */
function track<T>(promise: Promise<T>): { settled: boolean; value?: T; error?: unknown } {
  const state: { settled: boolean; value?: T; error?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, value }),
    (error: unknown) => Object.assign(state, { settled: true, error }),
  );
  return state;
}

async function keyOf(promise: Promise<WorkQueueItem<string>>): Promise<string> {
  const item = await promise;
  if (item.shutdown) throw new Error('queue shut down');
  return item.key;
}

function newQueue(clock = new ManualClock()): { queue: WorkQueue; clock: ManualClock } {
  return { queue: new WorkQueue({ clock, rateLimiter: new ItemExponentialFailureRateLimiter(5, 1_000_000) }), clock };
}

describe('WorkQueue add/get/done', () => {
  it('hands a key out once however often it is added while waiting', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.len()).toBe(2);
    expect(await keyOf(queue.get())).toBe('a');
    expect(await keyOf(queue.get())).toBe('b');
    const third = track(queue.get());
    await flush();
    expect(third.settled).toBe(false);
  });

  it('re-queues a key added during processing exactly once, after done', async () => {
    const { queue } = newQueue();
    queue.add('a');
    expect(await keyOf(queue.get())).toBe('a');
    queue.add('a');
    queue.add('a');
    expect(queue.len()).toBe(0);
    const second = track(queue.get());
    await flush();
    expect(second.settled).toBe(false);

    queue.done('a');
    await flush();
    expect(second.value).toEqual({ key: 'a', shutdown: false });
    queue.done('a');
    const third = track(queue.get());
    await flush();
    expect(third.settled).toBe(false);
  });

  it('ignores done for a key that is not being processed', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.done('a');
    expect(queue.len()).toBe(1);
    await keyOf(queue.get());
    queue.done('a');
    queue.done('a');
    expect(queue.len()).toBe(0);
  });

  it('never hands a key to two concurrent consumers', async () => {
    const { queue } = newQueue();
    const inFlight = new Set<string>();
    const runs: string[] = [];
    let overlaps = 0;
    const consume = async (): Promise<void> => {
      for (;;) {
        const item = await queue.get();
        if (item.shutdown) return;
        if (inFlight.has(item.key)) overlaps++;
        inFlight.add(item.key);
        runs.push(item.key);
        if (runs.length === 1) queue.add('x'); // re-added while the other consumer is idle and waiting
        await flush();
        inFlight.delete(item.key);
        queue.done(item.key);
      }
    };
    const consumers = [consume(), consume()];
    queue.add('x');
    for (let i = 0; i < 5; i++) await flush();
    await queue.shutDownWithDrain();
    await Promise.all(consumers);
    expect(overlaps).toBe(0);
    expect(runs).toEqual(['x', 'x']);
  });

  it('serves concurrent getters first come, first served', async () => {
    const { queue } = newQueue();
    const getters = [track(queue.get()), track(queue.get()), track(queue.get())];
    queue.add('a');
    queue.add('b');
    await flush();
    expect(getters.map((g) => g.value)).toEqual([
      { key: 'a', shutdown: false },
      { key: 'b', shutdown: false },
      undefined,
    ]);
  });
});

describe('WorkQueue addAfter', () => {
  it('adds keys when their delays expire, earliest first', async () => {
    const { queue, clock } = newQueue();
    queue.addAfter('c', 300);
    queue.addAfter('a', 100);
    queue.addAfter('b', 200);
    clock.advance(99);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
    clock.advance(200);
    expect([await keyOf(queue.get()), await keyOf(queue.get()), await keyOf(queue.get())]).toEqual(['a', 'b', 'c']);
  });

  it('keeps only the earliest deadline for a key added with several delays', async () => {
    const { queue, clock } = newQueue();
    queue.addAfter('a', 500);
    queue.addAfter('a', 100);
    queue.addAfter('a', 300);
    clock.advance(100);
    expect(queue.len()).toBe(1);
    queue.done(await keyOf(queue.get()));
    clock.advance(1000);
    expect(queue.len()).toBe(0);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('lets a plain add hand the key out before its deadline; the delayed add still follows', async () => {
    const { queue, clock } = newQueue();
    queue.addAfter('a', 100);
    queue.add('a');
    expect(await keyOf(queue.get())).toBe('a');
    queue.done('a');
    clock.advance(100);
    expect(queue.len()).toBe(1);
  });

  it('adds immediately for a delay of zero or less', () => {
    const { queue } = newQueue();
    queue.addAfter('a', 0);
    queue.addAfter('b', -5);
    expect(queue.len()).toBe(2);
  });

  it('fires on real timers too', async () => {
    const queue = new WorkQueue({ clock: systemClock });
    queue.addAfter('a', 2);
    expect(await keyOf(queue.get())).toBe('a');
    queue.shutDown();
  });
});

describe('WorkQueue rate limiting', () => {
  it('delays by the limiter, counts requeues and forgets', async () => {
    const { queue, clock } = newQueue();
    queue.addRateLimited('a');
    clock.advance(4);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    queue.done(await keyOf(queue.get()));
    queue.addRateLimited('a');
    clock.advance(9);
    expect(queue.len()).toBe(0);
    clock.advance(1);
    expect(queue.len()).toBe(1);
    expect(queue.numRequeues('a')).toBe(2);
    queue.forget('a');
    expect(queue.numRequeues('a')).toBe(0);
  });
});

describe('WorkQueue shutdown', () => {
  it('wakes every waiting getter, ignores later adds and clears timers', async () => {
    const { queue, clock } = newQueue();
    queue.addAfter('later', 1000);
    const getters = [track(queue.get()), track(queue.get())];
    queue.shutDown();
    await flush();
    expect(getters.map((g) => g.value)).toEqual([{ shutdown: true }, { shutdown: true }]);
    expect(queue.isShuttingDown()).toBe(true);
    queue.add('a');
    queue.addAfter('b', 10);
    queue.addRateLimited('c');
    expect(queue.numRequeues('c')).toBe(0);
    expect(clock.pendingTimerCount()).toBe(0);
    clock.advance(2000);
    expect(queue.len()).toBe(0);
    expect(await queue.get()).toEqual({ shutdown: true });
  });

  it('still hands out keys queued before shutdown', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.shutDown();
    expect(await keyOf(queue.get())).toBe('a');
    expect(await queue.get()).toEqual({ shutdown: true });
  });

  it('drains: resolves only when in-flight items are done', async () => {
    const { queue } = newQueue();
    queue.add('a');
    queue.add('b');
    await queue.get();
    await queue.get();
    const drained = track(queue.shutDownWithDrain());
    queue.done('a');
    await flush();
    expect(drained.settled).toBe(false);
    queue.done('b');
    await flush();
    expect(drained.settled).toBe(true);
    expect(drained.error).toBeUndefined();
  });

  it('drains at once with nothing in flight', async () => {
    const { queue } = newQueue();
    await expect(queue.shutDownWithDrain()).resolves.toBeUndefined();
  });

  it('gives up draining after the timeout, naming the items still in flight', async () => {
    const { queue, clock } = newQueue();
    queue.add('stuck');
    await queue.get();
    const drained = track(queue.shutDownWithDrain({ timeoutMs: 1000 }));
    clock.advance(999);
    await flush();
    expect(drained.settled).toBe(false);
    clock.advance(1);
    await flush();
    expect(drained.error).toBeInstanceOf(WorkQueueDrainTimeoutError);
    expect((drained.error as WorkQueueDrainTimeoutError).inFlight).toEqual(['stuck']);
  });

  it('cancels the drain timeout once drained', async () => {
    const { queue, clock } = newQueue();
    queue.add('a');
    await queue.get();
    const drained = queue.shutDownWithDrain({ timeoutMs: 1000 });
    queue.done('a');
    await drained;
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('stops waiting for the drain when shut down outright', async () => {
    const { queue } = newQueue();
    queue.add('a');
    await queue.get();
    const drained = track(queue.shutDownWithDrain());
    queue.shutDown();
    await flush();
    expect(drained.settled).toBe(true);
    expect(drained.error).toBeUndefined();
  });
});

describe('WorkQueue metrics', () => {
  function recorder(): WorkQueueMetrics & { calls: [string, number?][] } {
    const calls: [string, number?][] = [];
    return {
      calls,
      setDepth: (n) => calls.push(['depth', n]),
      incAdds: () => calls.push(['adds']),
      observeQueueDuration: (s) => calls.push(['queueDuration', s]),
      observeWorkDuration: (s) => calls.push(['workDuration', s]),
      incRetries: () => calls.push(['retries']),
      setUnfinishedWorkSeconds: (s) => calls.push(['unfinished', s]),
      setLongestRunningProcessorSeconds: (s) => calls.push(['longest', s]),
    };
  }

  function queueWithMetrics(): { queue: WorkQueue; clock: ManualClock; metrics: ReturnType<typeof recorder> } {
    const clock = new ManualClock();
    const metrics = recorder();
    const queue = new WorkQueue({ clock, metrics, rateLimiter: new ItemExponentialFailureRateLimiter(5, 1000) });
    return { queue, clock, metrics };
  }

  it('reports depth, adds, queue duration from the first add and work duration', async () => {
    const { queue, clock, metrics } = queueWithMetrics();
    queue.add('a');
    clock.advance(400); // unfinished-work sampling is not of interest here
    queue.add('a'); // deduplicated: neither an add nor a new start time
    queue.add('b');
    clock.advance(100);
    metrics.calls.length = 0;

    await queue.get(); // a, waited 500 ms since its first add
    clock.advance(250);
    queue.done('a');
    expect(metrics.calls).toEqual([
      ['depth', 1],
      ['queueDuration', 0.5],
      ['workDuration', 0.25],
    ]);
  });

  it('counts a key re-added while processing in the depth until it is handed out again', async () => {
    const { queue, clock, metrics } = queueWithMetrics();
    queue.add('a');
    await queue.get();
    metrics.calls.length = 0;
    queue.add('a');
    expect(metrics.calls).toEqual([['adds'], ['depth', 1]]);
    expect(queue.len()).toBe(0);
    clock.advance(100);
    queue.done('a');
    metrics.calls.length = 0;
    await queue.get();
    expect(metrics.calls).toEqual([
      ['depth', 0],
      ['queueDuration', 0.1],
    ]);
  });

  it('counts retries on every delayed add, and the add itself only when the delay expires', () => {
    const { queue, clock, metrics } = queueWithMetrics();
    queue.addRateLimited('a');
    queue.addAfter('b', 10);
    expect(metrics.calls).toEqual([['retries'], ['retries']]);
    clock.advance(10);
    expect(metrics.calls.filter(([name]) => name === 'adds')).toHaveLength(2);
  });

  it('samples unfinished work every 500 ms and stops on shutdown', async () => {
    const { queue, clock, metrics } = queueWithMetrics();
    queue.add('a');
    await queue.get();
    clock.advance(200);
    queue.add('b');
    await queue.get();
    metrics.calls.length = 0;

    clock.advance(300); // first sample at 500 ms: a is 0.5 s old, b 0.3 s
    expect(metrics.calls).toEqual([
      ['unfinished', 0.8],
      ['longest', 0.5],
    ]);
    queue.done('a');
    metrics.calls.length = 0;
    clock.advance(500);
    expect(metrics.calls).toEqual([
      ['unfinished', 0.8],
      ['longest', 0.8],
    ]);

    queue.shutDown();
    metrics.calls.length = 0;
    clock.advance(5000);
    expect(metrics.calls).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('starts no sampling timer without metrics', () => {
    const { clock } = newQueue();
    expect(clock.pendingTimerCount()).toBe(0);
  });
});

describe('WorkQueue throughput', () => {
  it('moves 1000 keys through 2 workers on real timers', async () => {
    const queue = new WorkQueue();
    const processed = new Set<string>();
    const work = async (): Promise<void> => {
      for (;;) {
        const item = await queue.get();
        if (item.shutdown) return;
        processed.add(item.key);
        await Promise.resolve();
        queue.done(item.key);
      }
    };
    const workers = [work(), work()];
    for (let i = 0; i < 1000; i++) queue.add(`key-${i}`);
    while (queue.len() > 0) await flush();
    await queue.shutDownWithDrain();
    await Promise.all(workers);
    expect(processed.size).toBe(1000);
  });
});

describe('WorkQueue priorities', () => {
  it('hands out normal adds before low-priority ones queued earlier, each in add order', async () => {
    const { queue } = newQueue();
    for (const key of ['resync-1', 'resync-2', 'resync-3']) queue.add(key, LOW_PRIORITY);
    queue.add('changed-1');
    queue.add('changed-2');
    expect(queue.len()).toBe(5);
    const order: string[] = [];
    for (let i = 0; i < 5; i++) order.push(await keyOf(queue.get()));
    expect(order).toEqual(['changed-1', 'changed-2', 'resync-1', 'resync-2', 'resync-3']);
  });

  it('raises a key waiting at low priority when it is added at normal, and never lowers one', async () => {
    const { queue } = newQueue();
    queue.add('a', LOW_PRIORITY);
    queue.add('b', LOW_PRIORITY);
    queue.add('c');
    queue.add('b');
    queue.add('c', LOW_PRIORITY);
    expect(queue.len()).toBe(3);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) order.push(await keyOf(queue.get()));
    expect(order).toEqual(['c', 'b', 'a']);
  });

  it('re-queues a key added during processing at the highest priority it was added with', async () => {
    const { queue } = newQueue();
    queue.add('busy');
    expect(await keyOf(queue.get())).toBe('busy');
    queue.add('busy', LOW_PRIORITY);
    queue.add('other', LOW_PRIORITY);
    queue.add('busy');
    queue.done('busy');
    expect(await keyOf(queue.get())).toBe('busy');
    expect(await keyOf(queue.get())).toBe('other');
  });
});
