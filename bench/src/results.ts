// The schema of bench/results/<date>.json: what one `npm run bench` measured, per N and per peer,
// with the settings and reductions it ran with. The table and the plot are made from this alone.
import Type, { type Static } from 'typebox';
import { Value } from 'typebox/value';

const Seconds = Type.Number({ minimum: 0 });
const Count = Type.Integer({ minimum: 0 });

export const LatencyFigures = Type.Object({
  changes: Count,
  /** Changes whose child the watcher never saw in time. */
  missed: Count,
  p50Ms: Type.Optional(Type.Number()),
  p99Ms: Type.Optional(Type.Number()),
});

export const ChurnFigures = Type.Object({
  ratePerSecond: Type.Number({ exclusiveMinimum: 0 }),
  durationSeconds: Seconds,
  /** Changes sent per second: below ratePerSecond when the API server could not take the rate. */
  achievedRatePerSecond: Type.Optional(Type.Number()),
  ...LatencyFigures.properties,
  /** Work queued in the peer, sampled every 250 ms while the churn ran. */
  maxQueueDepth: Type.Number(),
  meanQueueDepth: Type.Number(),
});

export const PeerFigures = Type.Object({
  /** From the first create to every BenchApp Ready for its generation; absent when not reached. */
  convergenceSeconds: Type.Optional(Seconds),
  readyAtDeadline: Count,
  steady: Type.Object({ windowSeconds: Seconds, writes: Count, childrenChanged: Count }),
  latency: LatencyFigures,
  churn: Type.Array(ChurnFigures),
  memory: Type.Object({
    rssBytes: Count,
    heapBytes: Count,
    /** Heap after GC before the first BenchApp existed. */
    baselineHeapBytes: Count,
    /** Objects the peer caches at this N (BenchApps, ConfigMaps, Deployments; 0 without a cache). */
    cachedObjects: Count,
    bytesPerCachedObject: Type.Optional(Type.Number()),
  }),
  restart: Type.Optional(
    Type.Object({ syncedSeconds: Type.Optional(Seconds), firstReconcileSeconds: Type.Optional(Seconds), windowSeconds: Seconds, writes: Count }),
  ),
  errors: Type.Array(Type.String()),
});

export const PeerDescription = Type.Object({
  name: Type.String(),
  title: Type.String(),
  version: Type.String(),
  /** Every setting the bench changed from the framework's default, and why. */
  settings: Type.Array(Type.String()),
});

export const BenchResult = Type.Object({
  schemaVersion: Type.Literal(1),
  startedAt: Type.String(),
  finishedAt: Type.String(),
  /** What this run is, e.g. "before the fix" (shown in the table next to a compared run). */
  label: Type.String(),
  machine: Type.Object({
    cpus: Type.Integer(),
    cpuModel: Type.String(),
    memoryBytes: Type.Number(),
    loadAverageStart: Type.Array(Type.Number()),
    loadAverageEnd: Type.Array(Type.Number()),
    node: Type.String(),
    kubernetes: Type.String(),
    note: Type.String(),
  }),
  settings: Type.Object({
    sizes: Type.Array(Type.Integer({ minimum: 1 })),
    resyncSeconds: Seconds,
    replicas: Count,
    createConcurrency: Type.Integer({ minimum: 1 }),
    latencyChanges: Count,
    churnRates: Type.Array(Type.Number()),
    churnSeconds: Seconds,
    convergenceTimeoutSeconds: Seconds,
    restartWindowSeconds: Seconds,
    /** `--repeat`: how often every peer was measured at each N (absent in older files: once). */
    repetitions: Type.Optional(Type.Integer({ minimum: 1 })),
  }),
  /** What this run measured less of than the issue asks, said in words. */
  reductions: Type.Array(Type.String()),
  peers: Type.Array(PeerDescription),
  /** One entry per N and repetition (`repetition` 1.., absent in older files), in the order they ran. */
  runs: Type.Array(Type.Object({ n: Type.Integer({ minimum: 1 }), repetition: Type.Optional(Type.Integer({ minimum: 1 })), peers: Type.Record(Type.String(), PeerFigures) })),
});

export type LatencyFigures = Static<typeof LatencyFigures>;
export type ChurnFigures = Static<typeof ChurnFigures>;
export type PeerFigures = Static<typeof PeerFigures>;
export type PeerDescription = Static<typeof PeerDescription>;
export type BenchResult = Static<typeof BenchResult>;

/** Throws with the first problems when `value` is not a BenchResult (a hand-edited or older file). */
export function parseBenchResult(value: unknown): BenchResult {
  if (Value.Check(BenchResult, value)) return value;
  const problems = [...Value.Errors(BenchResult, value)].slice(0, 5).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  throw new Error(`not a bench result: ${problems.join('; ')}`);
}
