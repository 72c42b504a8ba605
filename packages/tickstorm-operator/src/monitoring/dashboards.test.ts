// The chart's Grafana dashboards and alerts (charts/tickstorm-operator/dashboards/*.json, rules/*.yaml)
// may only query metrics that exist: the operator's own registry (built as the manager builds it),
// cAdvisor's and kube-state-metrics' container, pod and Deployment series, the Go process collector
// of the server, and Prometheus' `up`. The alerts' behaviour is unit-tested with promtool (rules/tests/).
import { readdirSync, readFileSync } from 'node:fs';
import { OperatorMetrics } from '@operators/k8s-common';
import { load as loadYaml } from 'js-yaml';

const chartDir = new URL('../../../../charts/tickstorm-operator/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, chartDir), 'utf8');

/** cAdvisor (kubelet /metrics/cadvisor) and kube-state-metrics series, present in any cluster that runs them. */
const CLUSTER_METRICS = [
  'container_memory_working_set_bytes',
  'container_cpu_usage_seconds_total',
  'container_cpu_cfs_throttled_periods_total',
  'container_cpu_cfs_periods_total',
  'container_fs_usage_bytes',
  'kube_pod_container_resource_limits',
  'kube_pod_container_status_restarts_total',
  'kube_pod_container_status_last_terminated_reason',
  'kube_deployment_status_replicas_ready',
  'kube_deployment_spec_replicas',
];
/** The Tick-Storm server is a Go program: its /metrics (port 9090) carries the Go process collector's series. */
const SERVER_METRICS = ['process_open_fds', 'process_max_fds'];

async function operatorSeriesNames(): Promise<string[]> {
  const metrics = new OperatorMetrics({ prefix: 'tickstorm_operator' });
  const suffixes: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'] };
  return (await metrics.registry.getMetricsAsJSON()).flatMap((metric) => (suffixes[String(metric.type)] ?? ['']).map((suffix) => metric.name + suffix));
}

/** The metric names a PromQL expression selects (not a parser: strings, matchers, ranges and label lists dropped, function calls and keywords skipped). */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}|\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring)\s*\([^)]*\)/g, ' ');
  const keywords = new Set(['by', 'without', 'on', 'ignoring', 'and', 'or', 'unless', 'bool', 'offset']);
  return [...stripped.matchAll(/(?<![\w:.$])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()/g)].map((m) => m[1]!).filter((name) => !keywords.has(name));
}

interface Panel { id?: number; type: string; title?: string; datasource?: unknown; targets?: { expr?: string }[]; panels?: Panel[] }
interface Dashboard { uid?: string; title?: string; panels?: Panel[]; templating?: { list?: { name: string; type: string; query?: string | { query?: string } }[] } }
const allPanels = (panels: Panel[] = []): Panel[] => panels.flatMap((panel) => [panel, ...allPanels(panel.panels)]);

function expressions(dashboard: Dashboard): string[] {
  const targets = allPanels(dashboard.panels).flatMap((panel) => (panel.targets ?? []).map((t) => t.expr ?? ''));
  const variables = (dashboard.templating?.list ?? []).flatMap((v) => {
    const query = typeof v.query === 'string' ? v.query : (v.query?.query ?? '');
    const inner = /^label_values\((.*),\s*\w+\)$/.exec(query)?.[1];
    return inner ? [inner] : [];
  });
  return [...targets, ...variables];
}

const dashboardFiles = readdirSync(new URL('dashboards/', chartDir)).filter((f) => f.endsWith('.json')).sort();
const rules = readdirSync(new URL('rules/', chartDir))
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) => (loadYaml(read(`rules/${file}`)) as { groups: { rules: { alert?: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules));

let allowed: Set<string>;
beforeAll(async () => {
  allowed = new Set([...(await operatorSeriesNames()), ...CLUSTER_METRICS, ...SERVER_METRICS, 'up']);
});

it('metricNames finds the selected metrics and nothing else', () => {
  expect(metricNames('sum by (pod) (rate(a_total{x="b c"}[5m])) / max(b{y=~"$z"}) and on (namespace) c')).toEqual(['a_total', 'b', 'c']);
});

it('ships the operator and the resources dashboards', () => {
  expect(dashboardFiles).toEqual(['tickstorm-operator.json', 'tickstorm-resources.json']);
});

describe.each(dashboardFiles)('dashboard %s', (file) => {
  const dashboard = JSON.parse(read(`dashboards/${file}`)) as Dashboard;

  it('has a uid, a title, unique panel ids and the $datasource on every panel', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    const panels = allPanels(dashboard.panels);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const panel of panels.filter((p) => p.type !== 'row')) expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: { type: 'prometheus', uid: '${datasource}' } });
  });

  it('names only metrics that exist', () => {
    expect(expressions(dashboard).flatMap((expr) => metricNames(expr)).filter((name) => !allowed.has(name))).toEqual([]);
  });
});

it('the alerts name only metrics that exist, ResourcePressure among them', () => {
  expect(rules.map((rule) => rule.alert)).toContain('TickStormResourcePressure');
  expect(rules.flatMap((rule) => metricNames(rule.expr)).filter((name) => !allowed.has(name))).toEqual([]);
});
