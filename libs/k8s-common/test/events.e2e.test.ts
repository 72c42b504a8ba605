import { execFileSync } from 'node:child_process';
import type { V1ConfigMap, V1Namespace } from '@kubernetes/client-node';
import { EventRecorder, ManualClock, ResourceTypes, type EventRecorderOptions, type KubeClient, type KubeEvent } from '../src/index.ts';
import { RequestCounter, createTestNamespace, sleep, testClient, waitFor } from '../src/testing/index.ts';

const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe('EventRecorder against the API server', () => {
  let admin: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  const cleanups: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    admin = await testClient();
    ns = await createTestNamespace(admin, 'events');
  });
  afterAll(async () => {
    await ns.cleanup();
    await admin.close();
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A recorder on its own client, so the test can count exactly the requests the recorder makes. */
  async function recorder(options: Partial<EventRecorderOptions> = {}): Promise<{ events: EventRecorder; requests: RequestCounter }> {
    const client = await testClient();
    const events = new EventRecorder({ client, reportingController: 'e2e-operator', reportingInstance: 'e2e-operator-7d9f-x2x4q', ...options });
    const requests = new RequestCounter(client);
    cleanups.push(async () => {
      await events.close();
      await client.close();
    });
    return { events, requests };
  }

  let objectCounter = 0;
  const configMap = (): Promise<V1ConfigMap> =>
    admin.create<V1ConfigMap>(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `subject-${++objectCounter}`, namespace: ns.name }, data: {} });

  async function eventsAbout(uid: string | undefined, namespace = ns.name): Promise<KubeEvent[]> {
    const list = await admin.list<KubeEvent>(ResourceTypes.Event, { namespace });
    return list.items.filter((e) => e.regarding.uid === uid);
  }

  it('creates an events.k8s.io/v1 Event beside the object, listed by kubectl get events', async () => {
    const { events } = await recorder();
    const cm = await configMap();
    events.event(cm, 'Normal', 'Configured', 'rendered the broker configuration', 'Render');
    await events.flush();

    const [event, ...more] = await eventsAbout(cm.metadata?.uid);
    expect(more).toHaveLength(0);
    expect(event).toMatchObject({
      metadata: { namespace: ns.name },
      type: 'Normal',
      reason: 'Configured',
      action: 'Render',
      note: 'rendered the broker configuration',
      reportingController: 'e2e-operator',
      reportingInstance: 'e2e-operator-7d9f-x2x4q',
      regarding: { apiVersion: 'v1', kind: 'ConfigMap', name: cm.metadata?.name, namespace: ns.name, uid: cm.metadata?.uid, resourceVersion: cm.metadata?.resourceVersion },
    });
    expect(event?.metadata.name.startsWith(`${cm.metadata?.name}.`)).toBe(true);
    expect(event?.eventTime).toMatch(MICRO_TIME);
    expect(event?.series).toBeUndefined();

    // kubectl get events reads the core/v1 view of the same object.
    const listed = JSON.parse(execFileSync('kubectl', ['get', 'events', '-n', ns.name, '-o', 'json'], { encoding: 'utf8' })) as {
      items: { metadata: { name: string }; reason: string; message: string; type: string; involvedObject: { kind: string; name: string } }[];
    };
    expect(listed.items.find((e) => e.metadata.name === event?.metadata.name)).toMatchObject({
      reason: 'Configured',
      message: 'rendered the broker configuration',
      type: 'Normal',
      involvedObject: { kind: 'ConfigMap', name: cm.metadata?.name },
    });
  });

  it('folds 100 repeats from a tight loop into one Event whose series counts them', async () => {
    const { events, requests } = await recorder();
    const cm = await configMap();
    for (let i = 0; i < 100; i++) events.event(cm, 'Warning', 'ReconcileFailed', 'spec.replicas must be odd');
    await events.flush();

    const [event, ...more] = await eventsAbout(cm.metadata?.uid);
    expect(more).toHaveLength(0);
    expect(event?.series?.count).toBe(100);
    expect(event?.series?.lastObservedTime).toMatch(MICRO_TIME);
    expect(requests.writes().length).toBeLessThanOrEqual(2);

    // Later repeats update the same Event.
    requests.reset();
    for (let i = 0; i < 5; i++) events.event(cm, 'Warning', 'ReconcileFailed', 'spec.replicas must be odd');
    await events.flush();
    const [updated, ...stillOne] = await eventsAbout(cm.metadata?.uid);
    expect(stillOne).toHaveLength(0);
    expect(updated?.metadata.name).toBe(event?.metadata.name);
    expect(updated?.series?.count).toBe(105);
    expect(requests.writes().map((w) => w.method)).toEqual(['PATCH']);
  });

  it('writes a series at most once per update interval, with the counts gathered in between', async () => {
    const clock = new ManualClock();
    const { events, requests } = await recorder({ clock, seriesUpdateIntervalMs: 30_000 });
    const cm = await configMap();
    const repeat = () => events.event(cm, 'Warning', 'ProbeFailed', 'broker-0 did not answer');
    repeat();
    await events.flush();
    requests.reset();

    for (let i = 0; i < 10; i++) {
      clock.advance(1_000);
      repeat();
      await sleep(10);
    }
    await sleep(300);
    expect(requests.writes()).toHaveLength(0);

    clock.advance(20_000);
    await waitFor(async () => (await eventsAbout(cm.metadata?.uid))[0]?.series?.count === 11, { timeoutMs: 5_000, description: 'series.count 11' });
    expect(requests.writes().map((w) => w.method)).toEqual(['PATCH']);

    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      repeat();
    }
    clock.advance(24_000);
    await sleep(300);
    expect(requests.writes()).toHaveLength(1);
    clock.advance(1_000);
    await waitFor(async () => (await eventsAbout(cm.metadata?.uid))[0]?.series?.count === 16, { timeoutMs: 5_000, description: 'series.count 16' });
    expect(requests.writes().map((w) => w.method)).toEqual(['PATCH', 'PATCH']);
  });

  it('makes a separate Event for a different reason', async () => {
    const { events } = await recorder();
    const cm = await configMap();
    for (let i = 0; i < 3; i++) events.event(cm, 'Warning', 'ScaleBlocked', 'waiting for partitions to move');
    for (let i = 0; i < 2; i++) events.event(cm, 'Warning', 'RolloutPaused', 'waiting for partitions to move');
    await events.flush();

    const found = await eventsAbout(cm.metadata?.uid);
    const byReason = Object.fromEntries(found.map((e) => [e.reason, e.series?.count ?? 1]));
    expect(byReason).toEqual({ ScaleBlocked: 3, RolloutPaused: 2 });
  });

  it('drops new Events about one object beyond the burst, not those about others', async () => {
    const { events, requests } = await recorder();
    const noisy = await configMap();
    const quiet = await configMap();
    for (let i = 0; i < 40; i++) events.event(noisy, 'Warning', 'SyncFailed', `attempt ${i} failed`);
    events.event(quiet, 'Warning', 'SyncFailed', 'attempt 0 failed');
    await events.flush();

    expect(await eventsAbout(noisy.metadata?.uid)).toHaveLength(25);
    expect(await eventsAbout(quiet.metadata?.uid)).toHaveLength(1);
    expect(requests.writes()).toHaveLength(26);
  });

  it('writes an Event about a cluster-scoped object to the default namespace', async () => {
    const { events } = await recorder();
    const namespace = await admin.get<V1Namespace>(ResourceTypes.Namespace, ns.name);
    events.event(namespace, 'Normal', 'Adopted', 'namespace adopted by the e2e operator');
    await events.flush();

    const [event] = await eventsAbout(namespace.metadata?.uid, 'default');
    cleanups.push(() => admin.tryDelete(ResourceTypes.Event, event?.metadata.name ?? '', 'default'));
    expect(event?.metadata.namespace).toBe('default');
    expect(event?.regarding).toEqual({ apiVersion: 'v1', kind: 'Namespace', name: ns.name, uid: namespace.metadata?.uid, resourceVersion: namespace.metadata?.resourceVersion });
  });

  it('makes what the API server would reject acceptable: a long note and reason are truncated', async () => {
    const { events } = await recorder();
    const cm = await configMap();
    events.event(cm, 'Warning', `Invalid${'X'.repeat(200)}`, `the spec is invalid: ${'é'.repeat(3_000)}`);
    await events.flush();

    const [event] = await eventsAbout(cm.metadata?.uid);
    expect(Buffer.byteLength(event?.note ?? '')).toBeLessThanOrEqual(1024);
    expect(event?.note.startsWith('the spec is invalid: éé')).toBe(true);
    expect(Buffer.byteLength(event?.reason ?? '')).toBeLessThanOrEqual(128);
  });

  it('writes the Event again when it was deleted while the series went on', async () => {
    const { events } = await recorder();
    const cm = await configMap();
    events.event(cm, 'Normal', 'Resynced', 'nothing to change');
    await events.flush();
    const [event] = await eventsAbout(cm.metadata?.uid);
    await admin.delete(ResourceTypes.Event, event?.metadata.name ?? '', ns.name);

    events.event(cm, 'Normal', 'Resynced', 'nothing to change');
    await events.flush();
    const [again, ...more] = await eventsAbout(cm.metadata?.uid);
    expect(more).toHaveLength(0);
    expect(again?.metadata.name).toBe(event?.metadata.name);
    expect(again?.series?.count).toBe(2);
  });

  it('never throws into the caller, and ignores events once closed', async () => {
    const { events, requests } = await recorder();
    const cm = await configMap();
    expect(() => events.event({ metadata: { name: 'no-kind' } }, 'Normal', 'Listed', 'from a list item without kind')).not.toThrow();
    expect(() => events.event(cm, 'Bogus' as 'Normal', 'Odd', 'not a valid type')).not.toThrow();
    await events.close();
    expect(() => events.event(cm, 'Normal', 'Late', 'after close')).not.toThrow();
    await events.flush();
    expect(requests.writes()).toHaveLength(0);
    expect(await eventsAbout(cm.metadata?.uid)).toHaveLength(0);
  });
});
