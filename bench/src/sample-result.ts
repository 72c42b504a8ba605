// A result of every peer at N = 100 and 1000, for the table, plot and repetition tests.
import { parseBenchArgs, reductions } from './args.ts';
import type { BenchResult, PeerFigures } from './results.ts';

export function figures(convergenceSeconds: number | undefined, heapBytes: number, churnP99: (number | undefined)[]): PeerFigures {
  return {
    ...(convergenceSeconds !== undefined ? { convergenceSeconds } : {}),
    readyAtDeadline: 7,
    steady: { windowSeconds: 16, writes: 0, childrenChanged: 0 },
    latency: { changes: 40, missed: 0, p50Ms: 20, p99Ms: 90 },
    churn: [10, 50, 100].map((ratePerSecond, i) => ({ ratePerSecond, durationSeconds: 8, changes: 80, missed: churnP99[i] === undefined ? 80 : 0, ...(churnP99[i] !== undefined ? { p50Ms: 10, p99Ms: churnP99[i] } : {}), maxQueueDepth: 3, meanQueueDepth: 1.5 })),
    memory: { rssBytes: 100 * 1024 * 1024, heapBytes, baselineHeapBytes: 1_000_000, cachedObjects: 300, bytesPerCachedObject: (heapBytes - 1_000_000) / 300 },
    restart: { syncedSeconds: 1.5, firstReconcileSeconds: 1.75, windowSeconds: 10, writes: 0 },
    errors: [],
  };
}

export function sampleResult(label = 'this run'): BenchResult {
  const args = parseBenchArgs([]);
  return {
    schemaVersion: 1,
    startedAt: '2026-12-01T22:40:00.000Z',
    finishedAt: '2026-12-01T22:55:00.000Z',
    label,
    machine: { cpus: 2, cpuModel: 'test', memoryBytes: 8e9, loadAverageStart: [1, 1, 1], loadAverageEnd: [2, 2, 2], node: 'v24', kubernetes: 'v1.36.1', note: '' },
    settings: { sizes: [100, 1000], resyncSeconds: 8, replicas: 0, createConcurrency: 16, latencyChanges: 40, churnRates: [10, 50, 100], churnSeconds: 8, convergenceTimeoutSeconds: 300, restartWindowSeconds: 10 },
    reductions: reductions(args),
    peers: ['ours', 'controller-runtime', 'limit'].map((name) => ({ name, title: name, version: '1', settings: [] })),
    runs: [
      { n: 100, peers: { ours: figures(3, 2_000_000, [20, 40, 80]), 'controller-runtime': figures(6, 2_000_000, [20, 40, 80]), limit: figures(2, 2_000_000, [20, 40, 80]) } },
      { n: 1000, peers: { ours: figures(30, 11_000_000, [20, 40, undefined]), 'controller-runtime': figures(undefined, 11_000_000, [20, 40, 80]), limit: figures(20, 11_000_000, [20, 40, 80]) } },
    ],
  };
}
