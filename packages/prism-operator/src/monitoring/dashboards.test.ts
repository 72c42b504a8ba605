// The chart's Grafana dashboards and alerts (charts/prism-operator/dashboards/*.json, rules/*.yaml)
// may only query metrics that exist: the operator's own registry (built as the manager builds it),
// the series of the cluster components the runners' dashboard reads (kube-state-metrics, cAdvisor,
// KEDA's operator), and Prometheus' `up`. A renamed metric or a typo fails here instead of showing
// an empty panel or an alert that can never fire. The alerts' behaviour is unit-tested with
// promtool (rules/tests/, run by the chart e2e test). (StreamBus, Cyclone and Tick-Storm have the
// same check: a candidate for the kit's testing helpers.)
import { readdirSync, readFileSync } from 'node:fs';
import { OperatorMetrics } from '@operators/k8s-common';
import { load as loadYaml } from 'js-yaml';

const chartDir = new URL('../../../../charts/prism-operator/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, chartDir), 'utf8');

/** kube-state-metrics' Deployment, HPA and pod series, and cAdvisor's container series (the kubelet). */
const CLUSTER_METRICS = [
  'kube_deployment_spec_replicas',
  'kube_deployment_status_replicas_available',
  'kube_horizontalpodautoscaler_status_current_replicas',
  'kube_horizontalpodautoscaler_status_desired_replicas',
  'kube_horizontalpodautoscaler_spec_min_replicas',
  'kube_horizontalpodautoscaler_spec_max_replicas',
  'kube_horizontalpodautoscaler_status_target_metric',
  'kube_horizontalpodautoscaler_spec_target_metric',
  'kube_pod_container_status_restarts_total',
  'container_cpu_usage_seconds_total',
  'container_memory_working_set_bytes',
];

/** KEDA's operator metrics, as KEDA v2.21.0 names them (pkg/metricscollector/prommetrics.go of github.com/kedacore/keda/v2). */
const KEDA_METRICS = ['keda_scaler_metrics_value', 'keda_scaler_active', 'keda_scaled_object_errors_total'];

async function knownSeries(): Promise<Set<string>> {
  const names = new Set([...CLUSTER_METRICS, ...KEDA_METRICS, 'up']);
  for (const metric of await new OperatorMetrics({ prefix: 'prism_operator' }).registry.getMetricsAsJSON()) {
    // What /metrics exposes: a histogram is its _bucket, _sum and _count series (prom-client's `type` is the exposition name at run time).
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

const dashboardFiles = () => readdirSync(new URL('dashboards/', chartDir)).filter((file) => file.endsWith('.json'));

function dashboardExpressions(file: string): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    // A datasource variable's query is the plugin's name, not PromQL.
    else if (node && typeof node === 'object' && (node as { type?: unknown }).type !== 'datasource') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'expr' || key === 'query') && typeof value === 'string') found.push(value.replace(/^label_values\((.*), *\w+\)$/, '$1'));
        else visit(value);
      }
    }
  };
  visit(JSON.parse(read(`dashboards/${file}`)));
  return found;
}

describe('the chart dashboards and alerts', () => {
  it('ship an operator and a pattern runners dashboard, with unique uids', () => {
    const uids = dashboardFiles().map((file) => (JSON.parse(read(`dashboards/${file}`)) as { uid: string }).uid);
    expect(uids.sort()).toEqual(['prism-operator', 'prism-patterns']);
  });

  it('query only metrics that exist', async () => {
    const known = await knownSeries();
    const rules = (loadYaml(read('rules/prism-operator.rules.yaml')) as { groups: { rules: { expr: string }[] }[] }).groups.flatMap((g) => g.rules.map((r): [string, string] => ['rules', r.expr]));
    const expressions = [...dashboardFiles().flatMap((file) => dashboardExpressions(file).map((expr): [string, string] => [file, expr])), ...rules];
    const unknown = expressions.flatMap(([where, expr]) => selectedMetrics(expr).filter((name) => !known.has(name)).map((name) => `${where}: ${name}`));
    expect(expressions.length).toBeGreaterThan(30);
    expect(unknown).toEqual([]);
  });

  it('show both autoscalers and the runners in the pattern dashboard', () => {
    const used = new Set(dashboardExpressions('prism-patterns.json').flatMap(selectedMetrics));
    expect([...CLUSTER_METRICS, ...KEDA_METRICS].filter((name) => !used.has(name))).toEqual([]);
  });
});
