// Repeated runs: `--repeat K` measures every peer K times at each N (the peers taking turns, so a
// noisy minute hits all of them), and the table shows the median of each figure over the K runs;
// ratios are taken within each repetition first, then their median. Pure: made from BenchResult alone.
import type { BenchResult, ChurnFigures, LatencyFigures, PeerFigures } from './results.ts';
import { median } from './stats.ts';

/** Each repetition's figures at N, by peer, in the order they ran. */
export function repetitionsAt(result: BenchResult, n: number): Record<string, PeerFigures>[] {
  return result.runs.filter((run) => run.n === n).map((run) => run.peers);
}

const mid = (values: readonly (number | undefined)[]): number | undefined => median(values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
const most = (values: readonly number[]): number => Math.max(0, ...values);

function medianLatency<T extends LatencyFigures>(list: readonly T[]): LatencyFigures {
  const p50Ms = mid(list.map((l) => l.p50Ms));
  const p99Ms = mid(list.map((l) => l.p99Ms));
  return { changes: most(list.map((l) => l.changes)), missed: mid(list.map((l) => l.missed)) ?? 0, ...(p50Ms !== undefined ? { p50Ms } : {}), ...(p99Ms !== undefined ? { p99Ms } : {}) };
}

/**
 * One peer's figures over its repetitions: the median of every timing and size; the most of every
 * write count (one steady-state write in any run is a write); convergence only when every run converged.
 */
export function medianFigures(list: readonly PeerFigures[]): PeerFigures {
  if (list.length === 1) return list[0]!;
  const converged = list.every((f) => f.convergenceSeconds !== undefined);
  const rates = [...new Set(list.flatMap((f) => f.churn.map((c) => c.ratePerSecond)))];
  const churn = rates.map((ratePerSecond): ChurnFigures => {
    const at = list.flatMap((f) => f.churn.filter((c) => c.ratePerSecond === ratePerSecond));
    const achieved = mid(at.map((c) => c.achievedRatePerSecond));
    return {
      ratePerSecond,
      durationSeconds: at[0]!.durationSeconds,
      ...(achieved !== undefined ? { achievedRatePerSecond: achieved } : {}),
      ...medianLatency(at),
      maxQueueDepth: mid(at.map((c) => c.maxQueueDepth)) ?? 0,
      meanQueueDepth: mid(at.map((c) => c.meanQueueDepth)) ?? 0,
    };
  });
  const memory = list.map((f) => f.memory);
  const bytesPerCachedObject = mid(memory.map((m) => m.bytesPerCachedObject));
  const restarts = list.flatMap((f) => (f.restart ? [f.restart] : []));
  const synced = mid(restarts.map((r) => r.syncedSeconds));
  const first = mid(restarts.map((r) => r.firstReconcileSeconds));
  return {
    ...(converged ? { convergenceSeconds: mid(list.map((f) => f.convergenceSeconds))! } : {}),
    readyAtDeadline: Math.min(...list.map((f) => f.readyAtDeadline)),
    steady: { windowSeconds: list[0]!.steady.windowSeconds, writes: most(list.map((f) => f.steady.writes)), childrenChanged: most(list.map((f) => f.steady.childrenChanged)) },
    latency: medianLatency(list.map((f) => f.latency)),
    churn,
    memory: {
      rssBytes: Math.round(mid(memory.map((m) => m.rssBytes)) ?? 0),
      heapBytes: Math.round(mid(memory.map((m) => m.heapBytes)) ?? 0),
      baselineHeapBytes: Math.round(mid(memory.map((m) => m.baselineHeapBytes)) ?? 0),
      cachedObjects: memory[0]!.cachedObjects,
      ...(bytesPerCachedObject !== undefined ? { bytesPerCachedObject } : {}),
    },
    ...(restarts.length
      ? { restart: { ...(synced !== undefined ? { syncedSeconds: synced } : {}), ...(first !== undefined ? { firstReconcileSeconds: first } : {}), windowSeconds: restarts[0]!.windowSeconds, writes: most(restarts.map((r) => r.writes)) } }
      : {}),
    errors: list.flatMap((f) => f.errors),
  };
}

/** The result with one run per N, each peer's figures the median over its repetitions. */
export function collapseRepetitions(result: BenchResult): BenchResult {
  const sizes = [...new Set(result.runs.map((r) => r.n))];
  return {
    ...result,
    runs: sizes.map((n) => {
      const reps = repetitionsAt(result, n);
      const peers = [...new Set(reps.flatMap((r) => Object.keys(r)))];
      return { n, peers: Object.fromEntries(peers.map((p) => [p, medianFigures(reps.flatMap((r) => (r[p] ? [r[p]] : [])))])) };
    }),
  };
}

/** The median over repetitions of `peer`'s convergence divided by `other`'s in the same repetition. */
export function convergenceRatio(result: BenchResult, n: number, peer: string, other: string): number | undefined {
  return mid(repetitionsAt(result, n).map((rep) => {
    const a = rep[peer]?.convergenceSeconds;
    const b = rep[other]?.convergenceSeconds;
    return a !== undefined && b ? a / b : undefined;
  }));
}

/** How many repetitions the run made at each N (the most at any N). */
export function repetitionCount(result: BenchResult): number {
  return Math.max(1, ...[...new Set(result.runs.map((r) => r.n))].map((n) => repetitionsAt(result, n).length));
}
