// One peer at one N, in a namespace of its own: convergence, steady state, latency, churn, memory,
// restart. Every figure the issue lists, measured the same way for every peer.
import { join } from 'node:path';
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { readWrites } from './audit.ts';
import { Observer, valueOf } from './observer.ts';
import { PeerProcess } from './peer-process.ts';
import type { PeerDefinition } from './peers.ts';
import type { ChurnFigures, LatencyFigures, PeerFigures } from './results.ts';
import { percentile } from './stats.ts';
import { BenchApps, benchApp } from './workload.ts';

export interface MeasureSettings {
  resyncSeconds: number;
  replicas: number;
  createConcurrency: number;
  latencyChanges: number;
  churnRates: number[];
  churnSeconds: number;
  /** How long the driver waits for the last changes of a churn to show. */
  churnDrainSeconds: number;
  convergenceTimeoutSeconds: number;
  restartWindowSeconds: number;
  /** Whether to measure the restart at this N. */
  restart: boolean;
}

export interface MeasureContext {
  client: KubeClient;
  auditLog: string;
  /** The peer's ServiceAccount user, as the audit log names it. */
  username: string;
  kubeconfig: string;
  logDir: string;
  log: (line: string) => void;
  /** Next value sequence: unique across the run, so no change is mistaken for another. */
  sequence: { next: number };
}

/** One change's wait for its ConfigMap, and the whole single-change phase's. */
const LATENCY_TIMEOUT_MS = 10_000;
const LATENCY_PHASE_MS = 60_000;
/** Changes the churn has sent and not yet seen answered. */
const MAX_CHURN_IN_FLIGHT = 32;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await fn(next++);
  }));
}

const appName = (i: number) => `app-${String(i).padStart(5, '0')}`;

function latencyFigures(samples: number[], missed: number): LatencyFigures {
  const p50Ms = percentile(samples, 50);
  const p99Ms = percentile(samples, 99);
  return { changes: samples.length + missed, missed, ...(p50Ms !== undefined ? { p50Ms } : {}), ...(p99Ms !== undefined ? { p99Ms } : {}) };
}

async function resourceVersions(client: KubeClient, namespace: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const type of [ResourceTypes.ConfigMap, ResourceTypes.Deployment]) {
    const list = await client.listAll<V1ConfigMap | V1Deployment>(type, { namespace });
    for (const o of list.items) if (o.metadata?.ownerReferences?.length) out.set(`${type.kind}/${o.metadata.name}`, o.metadata.resourceVersion ?? '');
  }
  return out;
}

export async function measurePeer(peer: PeerDefinition, n: number, settings: MeasureSettings, ctx: MeasureContext): Promise<PeerFigures> {
  const { client, log } = ctx;
  const namespace = `bench-${peer.name}-n${n}-${Date.now().toString(36)}`;
  const errors: string[] = [];
  await client.create(ResourceTypes.Namespace, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: { 'bench.operators.dev/run': 'true' } } });
  const observer = new Observer(client, namespace);
  await observer.start();
  const logFile = join(ctx.logDir, `${peer.name}-n${n}.log`);
  const command = peer.command({ namespace, resyncSeconds: settings.resyncSeconds, kubeconfig: ctx.kubeconfig });
  let proc = new PeerProcess(command, logFile);
  try {
    if ((await proc.secondsUntil('synced', 120_000)) === undefined) throw new Error(`${peer.name} did not report synced within 120 s (see ${logFile})`);
    const baselineHeapBytes = Number((await proc.ask('mem'))?.['heapBytes'] ?? 0);

    // 1. Convergence: from the first create until every BenchApp is Ready for its generation.
    log(`${peer.name} N=${n}: creating ${n} BenchApps`);
    const convergeStart = performance.now();
    await pool(n, settings.createConcurrency, async (i) => {
      await client.create(BenchApps, benchApp(namespace, appName(i), valueOf(ctx.sequence.next++), settings.replicas));
    });
    const converged = await observer.waitForReady(n, settings.convergenceTimeoutSeconds * 1000);
    const convergenceSeconds = converged ? (performance.now() - convergeStart) / 1000 : undefined;
    log(`${peer.name} N=${n}: ${converged ? `converged in ${convergenceSeconds!.toFixed(2)} s` : `${observer.readyCount()}/${n} Ready after ${settings.convergenceTimeoutSeconds} s`}`);
    if (!converged) errors.push(`not converged within ${settings.convergenceTimeoutSeconds} s: ${observer.readyCount()}/${n} Ready`);

    // 2. Steady state: two resync periods, after a short settle for the last events of convergence.
    await sleep(2_000);
    const windowSeconds = 2 * settings.resyncSeconds;
    const before = await resourceVersions(client, namespace);
    const from = Date.now();
    await sleep(windowSeconds * 1000);
    const to = Date.now();
    const after = await resourceVersions(client, namespace);
    await sleep(1_000); // the audit log is written as responses complete
    const steadyWrites = readWrites(ctx.auditLog, ctx.username, from, to);
    const childrenChanged = [...after].filter(([k, rv]) => before.get(k) !== rv).length;
    if (steadyWrites.total) log(`${peer.name} N=${n}: steady-state writes ${JSON.stringify(steadyWrites.byRequest)}`);

    // 4. Memory (before the changes, with N of everything cached).
    const heapBytes = Number((await proc.ask('mem'))?.['heapBytes'] ?? 0);
    const rssBytes = proc.rssBytes();
    const cachedObjects = peer.cachedPerApp * n;

    // 3a. Latency of single changes, one at a time.
    const samples: number[] = [];
    let missed = 0;
    // A peer still busy with a backlog would make each change wait its full timeout: the phase is
    // bounded, and the changes it had no time for count as missed.
    const latencyDeadline = performance.now() + LATENCY_PHASE_MS;
    for (let i = 0; i < settings.latencyChanges; i++) {
      if (performance.now() > latencyDeadline) {
        missed += settings.latencyChanges - i;
        break;
      }
      const name = appName(Math.floor((i * n) / settings.latencyChanges) % n);
      const sequence = ctx.sequence.next++;
      const sentAt = performance.now();
      const seen = observer.expect(name, sequence, sentAt);
      await client.patch(BenchApps, name, namespace, { spec: { value: valueOf(sequence) } });
      const latency = await Promise.race([seen, sleep(LATENCY_TIMEOUT_MS).then(() => undefined)]);
      if (latency === undefined) {
        missed++;
        observer.dropPending();
      } else samples.push(latency);
    }
    const latency = latencyFigures(samples, missed);
    log(`${peer.name} N=${n}: latency p50 ${latency.p50Ms?.toFixed(0)} ms p99 ${latency.p99Ms?.toFixed(0)} ms`);

    // 3b. Churn: changes at a fixed rate, round robin over the BenchApps, with the queue sampled.
    const churn: ChurnFigures[] = [];
    for (const rate of settings.churnRates) churn.push(await runChurn(proc, observer, client, namespace, n, rate, settings, ctx));

    // 5. Restart: a new process with N existing BenchApps.
    let restart: PeerFigures['restart'];
    if (settings.restart) {
      // From a converged state only: what a restart writes should be the restart's doing, not the
      // catching up of a peer the churn left behind.
      if (!(await observer.waitForReady(n, 60_000))) errors.push(`not converged again before the restart: ${observer.readyCount()}/${n} Ready`);
      await sleep(2_000);
      await proc.stop();
      const restartFrom = Date.now();
      proc = new PeerProcess(command, logFile);
      const windowMs = settings.restartWindowSeconds * 1000;
      const syncedSeconds = await proc.secondsUntil('synced', windowMs);
      const firstReconcileSeconds = await proc.secondsUntil('reconciled', Math.max(1, windowMs - (Date.now() - restartFrom)));
      await sleep(Math.max(0, restartFrom + windowMs - Date.now()));
      await sleep(1_000);
      const writes = readWrites(ctx.auditLog, ctx.username, restartFrom, restartFrom + windowMs);
      if (writes.total) log(`${peer.name} N=${n}: writes on restart ${JSON.stringify(writes.byRequest)}`);
      restart = { windowSeconds: settings.restartWindowSeconds, writes: writes.total, ...(syncedSeconds !== undefined ? { syncedSeconds } : {}), ...(firstReconcileSeconds !== undefined ? { firstReconcileSeconds } : {}) };
      log(`${peer.name} N=${n}: restart synced ${syncedSeconds?.toFixed(2)} s, first reconcile ${firstReconcileSeconds?.toFixed(2)} s, ${writes.total} writes`);
    }

    return {
      ...(convergenceSeconds !== undefined ? { convergenceSeconds } : {}),
      readyAtDeadline: observer.readyCount(),
      steady: { windowSeconds, writes: steadyWrites.total, childrenChanged },
      latency,
      churn,
      memory: { rssBytes, heapBytes, baselineHeapBytes, cachedObjects, ...(cachedObjects ? { bytesPerCachedObject: (heapBytes - baselineHeapBytes) / cachedObjects } : {}) },
      ...(restart ? { restart } : {}),
      errors,
    };
  } finally {
    await proc.stop();
    observer.stop();
    // The namespace goes in the background; its objects (and their garbage collection) are the next
    // peer's noise, so the driver waits for it a while.
    await client.tryDelete(ResourceTypes.Namespace, namespace);
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await client.tryGet(ResourceTypes.Namespace, namespace))) await sleep(1_000);
  }
}

async function runChurn(proc: PeerProcess, observer: Observer, client: KubeClient, namespace: string, n: number, rate: number, settings: MeasureSettings, ctx: MeasureContext): Promise<ChurnFigures> {
  const total = Math.round(rate * settings.churnSeconds);
  const seen: Promise<number>[] = [];
  const depths: number[] = [];
  const sampling = setInterval(() => {
    proc.ask('depth', 2_000).then((a) => {
      if (a && typeof a['depth'] === 'number' && a['depth'] >= 0) depths.push(a['depth']);
    });
  }, 250);
  const start = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const name = appName(i % n);
    const sequence = ctx.sequence.next++;
    seen.push(observer.expect(name, sequence, performance.now()));
    // A bounded number in flight: an API server too slow for the rate gets fewer changes (the
    // achieved rate says so), rather than a pile of requests that time out and add to its load.
    while (inFlight.size >= MAX_CHURN_IN_FLIGHT) await Promise.race(inFlight);
    const request = client.patch(BenchApps, name, namespace, { spec: { value: valueOf(sequence) } }).then(
      () => undefined,
      (err: unknown) => void ctx.log(`churn patch failed: ${String(err)}`),
    );
    inFlight.add(request);
    request.finally(() => inFlight.delete(request));
  }
  const sentSeconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  const samples: number[] = [];
  const collected = Promise.all(seen.map((p) => p.then((ms) => samples.push(ms))));
  await Promise.race([collected, sleep(settings.churnDrainSeconds * 1000)]);
  clearInterval(sampling);
  const missed = observer.dropPending();
  const figures = {
    ratePerSecond: rate,
    durationSeconds: settings.churnSeconds,
    achievedRatePerSecond: total / Math.max(sentSeconds, settings.churnSeconds),
    ...latencyFigures(samples, missed),
    maxQueueDepth: depths.length ? Math.max(...depths) : 0,
    meanQueueDepth: depths.length ? depths.reduce((a, b) => a + b, 0) / depths.length : 0,
  };
  ctx.log(`churn ${rate}/s: p50 ${figures.p50Ms?.toFixed(0)} ms p99 ${figures.p99Ms?.toFixed(0)} ms, ${missed} missed, max depth ${figures.maxQueueDepth}`);
  return figures;
}
