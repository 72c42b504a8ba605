import type { InformerEvent } from '../cache/informer.ts';
import type { InformerCache } from '../cache/informer-cache.ts';
import type { KubeObject } from '../client/kube-client.ts';
import { resourceType } from '../client/resource-type.ts';
import { PassThrough } from 'node:stream';
import { createLogger, silentLogger } from '../logging.ts';
import type { ReconcileSpanAttributes, ReconcileTracer } from '../tracing/reconcile-tracer.ts';
import { Controller, controllerFor } from './controller.ts';
import type { ReconcileContext, Request } from './types.ts';

const Foos = resourceType('example.dev/v1', 'Foo', 'foos');

// The controller only registers handlers on the cache and waits for it to sync: a cache with no
// objects, synced at once, is enough to drive its workers by hand with enqueue().
const emptyCache = {
  informerFor: () => ({ addHandler: () => undefined, list: () => [] }),
  waitForSync: () => Promise.resolve(),
} as unknown as InformerCache;

/** A reconcile that runs until the test lets it finish, deaf to its signal, as a slow call that forgot it. */
function stuckReconciles() {
  const started: { request: Request; context: ReconcileContext; finish: () => void; fail: (err: unknown) => void }[] = [];
  const reconcile = (request: Request, context: ReconcileContext): Promise<void> =>
    new Promise((resolve, reject) => started.push({ request, context, finish: resolve, fail: reject }));
  return { started, reconcile, reject: (err: unknown) => started.at(-1)!.fail(err) };
}

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
};

describe('Controller stop and abort', () => {
  it('abort(): aborts in-flight reconciles at once, runs nothing queued, and does not wait for them', async () => {
    const { started, reconcile } = stuckReconciles();
    const controller = new Controller(controllerFor(Foos).withOptions({ maxConcurrentReconciles: 1 }).complete(reconcile), { cache: emptyCache, logger: silentLogger() });
    await controller.start();
    controller.enqueue({ name: 'a' });
    controller.enqueue({ name: 'b' });
    await until(() => started.length === 1);
    const { context } = started[0]!;
    expect(context.signal.aborted).toBe(false);

    const reason = new Error('leadership lost');
    controller.abort(reason);
    expect(context.signal.aborted).toBe(true);
    expect(context.signal.reason).toBe(reason);
    // stop() after abort() returns although the reconcile has not.
    await controller.stop(60_000);

    started[0]!.finish();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started.map((s) => s.request.name)).toEqual(['a']);
  });

  it('stop(): drains in-flight reconciles with their signal live, and aborts it only at the deadline', async () => {
    const { started, reconcile } = stuckReconciles();
    const controller = new Controller(controllerFor(Foos).complete(reconcile), { cache: emptyCache, logger: silentLogger() });
    await controller.start();
    controller.enqueue({ name: 'drained' });
    await until(() => started.length === 1);
    let stopped = false;
    const stopping = controller.stop(60_000).then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started[0]!.context.signal.aborted).toBe(false);
    expect(stopped).toBe(false);
    started[0]!.finish();
    await stopping;

    // A reconcile that rejects with the abort reason at the deadline is cut off, not failed.
    const late = stuckReconciles();
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => lines.push(c.toString()));
    const slow = new Controller(controllerFor(Foos).complete(late.reconcile), { cache: emptyCache, logger: createLogger({ stream }) });
    await slow.start();
    slow.enqueue({ name: 'slow' });
    await until(() => late.started.length === 1);
    const slowStop = slow.stop(30);
    await until(() => late.started[0]!.context.signal.aborted);
    late.reject(late.started[0]!.context.signal.reason);
    await slowStop;
    await new Promise((resolve) => setImmediate(resolve));
    const cutOff = lines.map((l) => JSON.parse(l) as { level: string; message: string }).filter((l) => l.message.startsWith('reconcile'));
    expect(cutOff).toEqual([expect.objectContaining({ level: 'info', message: 'reconcile cut off; not retrying' })]);
  });
});

describe('Controller tracing', () => {
  it('with a tracer: one span per reconcile, named by the object, ended with the result and the error', async () => {
    const spans: { attributes: ReconcileSpanAttributes; ran: boolean; result?: string; error?: unknown }[] = [];
    const tracer: ReconcileTracer = {
      startReconcile(attributes) {
        const span: (typeof spans)[number] = { attributes, ran: false };
        spans.push(span);
        return {
          run: (fn) => ((span.ran = true), fn()),
          end: (result, error) => Object.assign(span, { result, error }),
        };
      },
      shutdown: () => Promise.resolve(),
    };
    const failure = new Error('no');
    const reconcile = (request: Request) => (request.name === 'bad' ? Promise.reject(failure) : Promise.resolve({ requeueAfterMs: 60_000 }));
    const controller = new Controller(controllerFor(Foos).complete(reconcile), { cache: emptyCache, logger: silentLogger(), tracer });
    await controller.start();
    controller.enqueue({ namespace: 'ns', name: 'good' });
    controller.enqueue({ name: 'bad' });
    await until(() => spans.filter((s) => s.result).length === 2);
    await controller.stop(1_000);
    expect(spans[0]).toMatchObject({ attributes: { controller: 'foo', apiVersion: 'example.dev/v1', kind: 'Foo', namespace: 'ns', name: 'good' }, ran: true, result: 'requeue_after', error: undefined });
    expect(spans[1]).toMatchObject({ attributes: { name: 'bad' }, ran: true, result: 'error', error: failure });
    expect(spans[1]!.attributes).not.toHaveProperty('namespace');
    expect(spans[0]!.attributes.reconcileID).not.toBe(spans[1]!.attributes.reconcileID);
  });
});

describe('Controller work priority', () => {
  // A cache with one informer whose events the test emits, holding `listed` for the resync.
  function scriptedCache(listed: KubeObject[]) {
    const handlers: ((event: InformerEvent<KubeObject>) => void)[] = [];
    const cache = {
      informerFor: () => ({ addHandler: (h: (event: InformerEvent<KubeObject>) => void) => handlers.push(h), list: () => listed }),
      waitForSync: () => Promise.resolve(),
    } as unknown as InformerCache;
    return { cache, emit: (event: InformerEvent<KubeObject>) => handlers.forEach((h) => h(event)) };
  }
  const foo = (name: string, resourceVersion = '1'): KubeObject => ({ apiVersion: 'example.dev/v1', kind: 'Foo', metadata: { name, resourceVersion } });

  it('reconciles a change before the initial list queued ahead of it', async () => {
    const { started, reconcile } = stuckReconciles();
    const { cache, emit } = scriptedCache([]);
    const controller = new Controller(controllerFor(Foos).complete(reconcile), { cache, logger: silentLogger() });
    for (const name of ['listed-1', 'listed-2', 'listed-3']) emit({ type: 'add', object: foo(name), isInInitialList: true });
    await controller.start();
    await until(() => started.length === 1);
    emit({ type: 'add', object: foo('created') });
    emit({ type: 'update', object: foo('listed-3', '2'), old: foo('listed-3') });
    for (let i = 1; i <= 3; i++) {
      started[i - 1]!.finish();
      await until(() => started.length === i + 1);
    }
    expect(started.map((s) => s.request.name)).toEqual(['listed-1', 'created', 'listed-3', 'listed-2']);
    started[3]!.finish();
    await controller.stop(1_000);
  });

  it('queues a resync behind changes, and a change made meanwhile goes first', async () => {
    const { started, reconcile } = stuckReconciles();
    const { cache, emit } = scriptedCache(['a', 'b', 'c'].map((name) => foo(name)));
    const controller = new Controller(controllerFor(Foos).withOptions({ resyncPeriodMs: 20 }).complete(reconcile), { cache, logger: silentLogger() });
    await controller.start();
    await until(() => started.length === 1);
    // The worker is busy with the first resync's 'a'; 'b' and 'c' wait at low priority.
    emit({ type: 'update', object: foo('c', '2'), old: foo('c') });
    started[0]!.finish();
    await until(() => started.length === 2);
    expect(started.map((s) => s.request.name)).toEqual(['a', 'c']);
    started[1]!.finish();
    await until(() => started.length === 3);
    expect(started[2]!.request.name).toBe('b');
    controller.abort();
    for (const s of started) s.finish();
  });
});
