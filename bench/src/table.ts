// The printed table: one column per peer (and, with a compared run, ours from that run beside ours),
// one row per figure and N, then how each figure grows with N. Pure: made from BenchResult alone.
import { collapseRepetitions, convergenceRatio, repetitionCount } from './repeats.ts';
import type { BenchResult, PeerFigures } from './results.ts';
import { fitPowerLaw } from './stats.ts';

/** A Markdown table padded to read as plain text; every column but the first right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const cell = (c: string, i: number) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!));
  const line = (cells: readonly string[]) => `| ${header.map((_, i) => cell(cells[i] ?? '', i)).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const DASH = '—';

export function fixed(value: number | undefined, digits: number): string {
  if (value === undefined || !Number.isFinite(value)) return DASH;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function mebibytes(bytes: number | undefined): string {
  return bytes === undefined ? DASH : `${fixed(bytes / 1024 / 1024, 1)} MiB`;
}

interface Column {
  title: string;
  /** The figures of this column at N, if it ran there. */
  at(n: number): PeerFigures | undefined;
  /** This column's convergence over another peer's of the same run (within each repetition, then the median). */
  ratio(name: string, n: number): number | undefined;
}

/** The columns: each peer of `result` in order, with `before`'s ours right after ours; figures are medians over repetitions. */
export function columnsOf(result: BenchResult, before?: BenchResult): Column[] {
  const collapsed = new Map([result, ...(before ? [before] : [])].map((r) => [r, collapseRepetitions(r)]));
  const figuresOf = (r: BenchResult, peer: string) => (n: number) => collapsed.get(r)!.runs.find((run) => run.n === n)?.peers[peer];
  const column = (r: BenchResult, name: string, title: string): Column => ({ title, at: figuresOf(r, name), ratio: (other, n) => convergenceRatio(r, n, name, other) });
  const columns: Column[] = [];
  for (const peer of result.peers) {
    columns.push(column(result, peer.name, before && peer.name === 'ours' ? `ours (${result.label})` : peer.name));
    if (before && peer.name === 'ours') columns.push(column(before, 'ours', `ours (${before.label})`));
  }
  return columns;
}

/** A cell from a column's figures at N; `ratio` gives its convergence over another peer's, within a run. */
type Metric = (f: PeerFigures, ratio: (name: string) => number | undefined) => string;

function rowsFor(result: BenchResult, n: number, columns: Column[]): string[][] {
  const s = result.settings;
  const times = (r: number | undefined) => (r === undefined ? DASH : `${fixed(r, 2)}×`);
  const sameRun = repetitionCount(result) > 1 ? 'same run, median over runs' : 'same run';
  const latency = (l: { p50Ms?: number; p99Ms?: number; missed: number }) => `${fixed(l.p50Ms, 0)} / ${fixed(l.p99Ms, 0)}${l.missed ? ` (${l.missed} missed)` : ''}`;
  const metrics: [string, Metric][] = [
    ['convergence (s)', (f) => (f.convergenceSeconds !== undefined ? fixed(f.convergenceSeconds, 2) : `> ${s.convergenceTimeoutSeconds} (${f.readyAtDeadline} Ready)`)],
    [`  ÷ limit (${sameRun})`, (_f, ratio) => times(ratio('limit'))],
    [`  ÷ controller-runtime (${sameRun})`, (_f, ratio) => times(ratio('controller-runtime'))],
    [`steady-state writes (${fixed(2 * s.resyncSeconds, 0)} s = 2 resyncs)`, (f) => String(f.steady.writes)],
    ['  children with a new resourceVersion', (f) => String(f.steady.childrenChanged)],
    [`latency p50 / p99 (ms), ${s.latencyChanges} changes`, (f) => latency(f.latency)],
    ...s.churnRates.map((rate): [string, Metric] => [
      `churn ${rate}/s for ${s.churnSeconds} s: p50 / p99 (ms)`,
      (f) => {
        const c = f.churn.find((x) => x.ratePerSecond === rate);
        if (!c) return DASH;
        const achieved = c.achievedRatePerSecond;
        return `${latency(c)}${achieved !== undefined && achieved < 0.95 * rate ? ` (sent ${fixed(achieved, 0)}/s)` : ''}`;
      },
    ]),
    ...s.churnRates.map((rate): [string, Metric] => [
      `  queue depth max / mean at ${rate}/s`,
      (f) => {
        const c = f.churn.find((x) => x.ratePerSecond === rate);
        return c ? `${fixed(c.maxQueueDepth, 0)} / ${fixed(c.meanQueueDepth, 1)}` : DASH;
      },
    ]),
    ['RSS', (f) => mebibytes(f.memory.rssBytes)],
    ['heap after GC', (f) => mebibytes(f.memory.heapBytes)],
    ['  per cached object (B)', (f) => (f.memory.cachedObjects ? fixed(f.memory.bytesPerCachedObject, 0) : 'no cache')],
    ['restart: synced / first reconcile (s)', (f) => (f.restart ? `${fixed(f.restart.syncedSeconds, 2)} / ${fixed(f.restart.firstReconcileSeconds, 2)}` : DASH)],
    [`  writes in the first ${s.restartWindowSeconds} s after restart`, (f) => (f.restart ? String(f.restart.writes) : DASH)],
  ];
  return metrics.map(([label, metric], i) => [
    i === 0 ? `**N = ${n}** ${label}` : label,
    ...columns.map((c) => {
      const f = c.at(n);
      return f ? metric(f, (name) => c.ratio(name, n)) : DASH;
    }),
  ]);
}

/** The figures whose growth with N is fitted, and how to read each from a run. */
const SCALED: [string, (f: PeerFigures) => number | undefined][] = [
  ['convergence', (f) => f.convergenceSeconds],
  ['latency p99', (f) => f.latency.p99Ms],
  ['RSS', (f) => f.memory.rssBytes],
  ['heap after GC', (f) => f.memory.heapBytes],
  ['restart to first reconcile', (f) => f.restart?.firstReconcileSeconds],
];

export function benchTable(result: BenchResult, before?: BenchResult): string {
  const columns = columnsOf(result, before);
  const reps = repetitionCount(result);
  const header = [reps > 1 ? `figure (median of ${reps} runs)` : 'figure', ...columns.map((c) => c.title)];
  const sizes = [...result.settings.sizes].sort((a, b) => a - b);
  const rows: string[][] = [];
  for (const n of sizes) {
    if (!result.runs.some((r) => r.n === n)) continue;
    rows.push(...rowsFor(result, n, columns));
  }
  if (sizes.length >= 2) {
    const range = `N = ${sizes[0]}→${sizes[sizes.length - 1]}`;
    for (const [label, read] of SCALED) {
      rows.push([
        `exponent of ${label} (${range})`,
        ...columns.map((c) => {
          const fit = fitPowerLaw(sizes.flatMap((n) => {
            const f = c.at(n);
            const y = f ? read(f) : undefined;
            return y === undefined ? [] : [{ x: n, y }];
          }));
          return fixed(fit?.exponent, 2);
        }),
      ]);
    }
  }
  if (sizes.length >= 2) {
    // Heap per cached object as the slope between the smallest and largest N: what one more object
    // costs, without the fixed heap (code, buffers) that the figure at a single N includes.
    const [low, high] = [sizes[0]!, sizes[sizes.length - 1]!];
    rows.push([
      `heap per cached object, slope N = ${low}→${high} (B)`,
      ...columns.map((c) => {
        const a = c.at(low)?.memory;
        const b = c.at(high)?.memory;
        if (!a || !b) return DASH;
        if (b.cachedObjects === a.cachedObjects) return 'no cache';
        return fixed((b.heapBytes - a.heapBytes) / (b.cachedObjects - a.cachedObjects), 0);
      }),
    ]);
  }
  return formatTable(header, rows);
}
