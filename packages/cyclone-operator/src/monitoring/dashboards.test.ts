// The chart's Grafana dashboards and alerts may only query metrics that exist: the operator's own
// registry (built as the manager builds it), the Cyclone app's metrics as the seed lists them, and
// Prometheus' `up`. A renamed metric or a typo fails here instead of showing an empty panel.
// (StreamBus has the same check; a candidate for the kit's testing helpers.)
import { readdirSync, readFileSync } from 'node:fs';
import { OperatorMetrics } from '@operators/k8s-common';
import { load as loadYaml } from 'js-yaml';

const chartDir = new URL('../../../../charts/cyclone-operator/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, chartDir), 'utf8');

/** The seed's "Prometheus Metrics": what a Cyclone app serves on its metrics port. */
const APP_METRICS = [
  'cyclone_app_requests_total',
  'cyclone_app_request_duration_seconds',
  'cyclone_app_active_connections',
  'cyclone_rdma_operations_total',
  'cyclone_dpdk_packets_processed_total',
  'cyclone_xdp_packets_filtered_total',
  'cyclone_cpu_utilization',
  'cyclone_memory_utilization',
  'cyclone_network_throughput_gbps',
];

async function knownSeries(): Promise<Set<string>> {
  const names = new Set([...APP_METRICS, 'up']);
  for (const metric of await new OperatorMetrics({ prefix: 'cyclone_operator' }).registry.getMetricsAsJSON()) {
    const suffixes = ({ histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] } as Record<string, string[]>)[String(metric.type)] ?? [''];
    for (const suffix of suffixes) names.add(metric.name + suffix);
  }
  return names;
}

/** Identifiers that select series: strings, matchers, ranges and grouping lists dropped; calls and keywords skipped. */
function selectedMetrics(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  return [...stripped.matchAll(/(?<![\w:.$])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()/g)]
    .map((match) => match[1]!)
    .filter((name) => !['by', 'without', 'and', 'or', 'unless', 'bool', 'offset'].includes(name));
}

function dashboardExpressions(): [string, string][] {
  const found: [string, string][] = [];
  for (const file of readdirSync(new URL('dashboards/', chartDir)).filter((f) => f.endsWith('.json'))) {
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(visit);
      // A datasource variable's query is the plugin's name, not PromQL.
      else if (node && typeof node === 'object' && (node as { type?: unknown }).type !== 'datasource') {
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'expr' || key === 'query') && typeof value === 'string') found.push([file, value.replace(/^label_values\((.*), *\w+\)$/, '$1')]);
          else visit(value);
        }
      }
    };
    visit(JSON.parse(read(`dashboards/${file}`)));
  }
  return found;
}

describe('the chart dashboards and alerts', () => {
  it('ship an operator and an apps dashboard, with unique uids', () => {
    const uids = readdirSync(new URL('dashboards/', chartDir)).map((file) => (JSON.parse(read(`dashboards/${file}`)) as { uid: string }).uid);
    expect(uids.sort()).toEqual(['cyclone-apps', 'cyclone-operator']);
  });

  it('query only metrics that exist', async () => {
    const known = await knownSeries();
    const rules = (loadYaml(read('rules/cyclone-operator.rules.yaml')) as { groups: { rules: { expr: string }[] }[] }).groups.flatMap((g) => g.rules.map((r): [string, string] => ['rules', r.expr]));
    const unknown = [...dashboardExpressions(), ...rules].flatMap(([where, expr]) => selectedMetrics(expr).filter((name) => !known.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
  });

  // The issue: the operator's metrics are the operator's, the app's stay the app's, and the dashboard shows both.
  it("the operator dashboard shows the operator's metrics and the apps' traffic and readiness", () => {
    const used = new Set(dashboardExpressions().filter(([file]) => file === 'cyclone-operator.json').flatMap(([, expr]) => selectedMetrics(expr)));
    expect(['controller_runtime_reconcile_total', 'workqueue_depth', 'cyclone_operator_resource_condition', 'cyclone_app_requests_total', 'cyclone_app_request_duration_seconds', 'cyclone_app_active_connections'].filter((name) => !used.has(name))).toEqual([]);
  });

  it("read every one of the app's metrics the seed lists", () => {
    const used = new Set(dashboardExpressions().flatMap(([, expr]) => selectedMetrics(expr)));
    expect(APP_METRICS.filter((name) => !used.has(name))).toEqual([]);
  });
});
