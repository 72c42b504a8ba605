// The plot of docs/performance.md: p99 latency against churn rate, one line per peer, one panel per N,
// as a Vega-Lite spec made from a BenchResult and rendered to SVG by Vega (no canvas needed).
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { BenchResult } from './results.ts';
import { collapseRepetitions } from './repeats.ts';

export interface ChurnPoint {
  n: string;
  peer: string;
  rate: number;
  p99Ms: number;
}

/** One point per N, peer and churn rate with a p99 (the median over repetitions); changes never seen leave no point. */
export function churnPoints(result: BenchResult): ChurnPoint[] {
  return collapseRepetitions(result).runs.flatMap((run) =>
    Object.entries(run.peers).flatMap(([peer, figures]) =>
      figures.churn.flatMap((c) => (c.p99Ms === undefined ? [] : [{ n: `N = ${run.n}`, peer, rate: c.ratePerSecond, p99Ms: Math.max(c.p99Ms, 1) }])),
    ),
  );
}

export function churnPlotSpec(result: BenchResult): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'Reconcile latency p99 under churn', subtitle: `spec change → changed ConfigMap seen by a watcher; ${result.startedAt.slice(0, 10)}, ${result.label}` },
    data: { values: churnPoints(result) },
    facet: { column: { field: 'n', type: 'nominal', title: null, sort: [...new Set(result.runs.map((r) => `N = ${r.n}`))] } },
    spec: {
      width: 260,
      height: 220,
      layer: [{ mark: { type: 'line', point: true } }],
      encoding: {
        x: { field: 'rate', type: 'quantitative', title: 'changes per second', scale: { type: 'log', domain: [8, 125] }, axis: { values: result.settings.churnRates } },
        y: { field: 'p99Ms', type: 'quantitative', title: 'p99 latency (ms, log)', scale: { type: 'log' } },
        color: { field: 'peer', type: 'nominal', title: 'peer', sort: result.peers.map((p) => p.name) },
      },
    },
    config: { font: 'sans-serif', background: 'white' },
  };
}

export async function renderChurnPlot(result: BenchResult): Promise<string> {
  const view = new vega.View(vega.parse(vegaLite.compile(churnPlotSpec(result)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
