// The chart's Grafana dashboards and Prometheus alerts (charts/streambus-operator/dashboards/*.json,
// charts/streambus-operator/rules/*.yaml) may only query metrics that exist: the operator's own
// registry (built here exactly as the manager builds it), the broker's (the operand's) metrics,
// kube-state-metrics' StatefulSet, pod, PVC and NetworkPolicy series, and Prometheus' `up`. A renamed
// metric or a typo fails here instead of showing an empty panel or an alert that can never fire.
// The alerts' behaviour is unit-tested with promtool (rules/tests/, run by the chart e2e test).
import { readdirSync, readFileSync } from 'node:fs';
import { OperatorMetrics } from '@operators/k8s-common';
import { load as loadYaml } from 'js-yaml';

const chartDir = new URL('../../../../charts/streambus-operator/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, chartDir), 'utf8');

/** Series kube-state-metrics exports in any cluster (kube_statefulset_labels: with the labels its allowlist names). */
const KUBE_STATE_METRICS = [
  'kube_statefulset_replicas',
  'kube_statefulset_status_replicas_ready',
  'kube_statefulset_labels',
  'kube_pod_container_status_restarts_total',
  'kube_persistentvolumeclaim_resource_requests_storage_bytes',
  'kube_networkpolicy_spec_ingress_rules',
];

/**
 * The broker's own metrics that the dashboards read, as the StreamBus broker names them (its
 * pkg/metrics, served on the http port at /metrics and scraped through the cluster's ServiceMonitor).
 * With observability.metrics.perTenantMetrics they carry a `tenant` label, one series per tenant.
 */
const BROKER_METRICS = [
  'streambus_messages_produced_total',
  'streambus_messages_consumed_total',
  'streambus_bytes_produced_total',
  'streambus_bytes_consumed_total',
  'streambus_broker_connections',
  'streambus_storage_used_bytes',
  'streambus_topics_total',
  'streambus_partitions_total',
  'streambus_authorization_denials_total',
];

async function operatorSeriesNames(): Promise<Set<string>> {
  const metrics = new OperatorMetrics({ prefix: 'streambus_operator' });
  const names = new Set<string>();
  for (const metric of await metrics.registry.getMetricsAsJSON()) {
    // What /metrics exposes: a histogram is its _bucket, _sum and _count series, a summary its quantiles, _sum and _count.
    // (prom-client types `type` as a numeric enum; at run time it is the exposition name.)
    const type = String(metric.type);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) names.add(metric.name + suffix);
    else names.add(metric.name);
  }
  return names;
}

const PROMQL_KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan', 'atan2']);

/**
 * The metric names a PromQL expression selects. Not a parser: it drops strings, label matchers,
 * ranges and label lists (by/on/...), then takes the identifiers that are not function calls or
 * keywords. Grafana variables ($job, $__rate_interval) sit inside the dropped parts.
 */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names: string[] = [];
  for (const match of stripped.matchAll(/(?<![\w:.$])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = match[1]!;
    if (!PROMQL_KEYWORDS.has(name.toLowerCase())) names.push(name);
  }
  return names;
}

/** Brackets balance, so an expression was not cut short by a bad edit. */
function balanced(expr: string): boolean {
  const text = expr.replace(/"(?:[^"\\]|\\.)*"/g, '');
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  const stack: string[] = [];
  for (const c of text) {
    if ('([{'.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) return false;
  }
  return stack.length === 0;
}

interface Panel {
  id?: number;
  type: string;
  title?: string;
  gridPos?: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: { expr?: string; refId?: string }[];
  panels?: Panel[];
}
interface Dashboard {
  uid?: string;
  title?: string;
  panels?: Panel[];
  templating?: { list?: { name: string; type: string; query?: string | { query?: string } }[] };
}

function allPanels(panels: Panel[] = []): Panel[] {
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels)]);
}

/** Every PromQL expression of a dashboard: panel targets and the metric of each label_values()/query_result() variable. */
function dashboardExpressions(dashboard: Dashboard): { where: string; expr: string }[] {
  const exprs = allPanels(dashboard.panels).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({ where: `panel "${panel.title}" ${t.refId ?? ''}`, expr: t.expr ?? '' })),
  );
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : (variable.query?.query ?? '');
    const inner = /^label_values\((.*),\s*[\w]+\)$/.exec(query)?.[1] ?? /^query_result\((.*)\)$/.exec(query)?.[1];
    if (inner !== undefined) exprs.push({ where: `variable $${variable.name}`, expr: inner });
  }
  return exprs;
}

const dashboardFiles = readdirSync(new URL('dashboards/', chartDir)).filter((f) => f.endsWith('.json')).sort();
const dashboards = dashboardFiles.map((file) => ({ file, dashboard: JSON.parse(read(`dashboards/${file}`)) as Dashboard }));

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const ruleFiles = readdirSync(new URL('rules/', chartDir)).filter((f) => f.endsWith('.yaml')).sort();
const rules: Rule[] = ruleFiles.flatMap((file) => (loadYaml(read(`rules/${file}`)) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules));

let allowed: Set<string>;
beforeAll(async () => {
  allowed = new Set([...(await operatorSeriesNames()), ...KUBE_STATE_METRICS, ...BROKER_METRICS, 'up']);
});

describe('metricNames', () => {
  it('finds the selected metrics and nothing else', () => {
    expect(
      metricNames('histogram_quantile(0.99, sum by (le, controller) (rate(foo_bucket{job=~"$job", x="a b"}[$__rate_interval]))) > 0 and on (namespace) bar offset 5m'),
    ).toEqual(['foo_bucket', 'bar']);
    expect(metricNames('up{job=~".*op.*"} == 0 or absent(up{job=~".*op.*"})')).toEqual(['up', 'up']);
    expect(metricNames('max by (pod) (a:recorded:rate5m) - 1e3 * b')).toEqual(['a:recorded:rate5m', 'b']);
  });
});

describe('the allow-list', () => {
  it('holds the operator metrics the seed names and the controller-runtime ones', () => {
    for (const name of [
      'streambus_operator_reconcile_total',
      'streambus_operator_reconcile_errors_total',
      'streambus_operator_reconcile_duration_seconds_bucket',
      'controller_runtime_reconcile_total',
      'controller_runtime_reconcile_time_seconds_bucket',
      'workqueue_depth',
      'leader_election_master_status',
      'rest_client_requests_total',
      'process_resident_memory_bytes',
      'streambus_operator_resource_condition',
    ]) {
      expect(allowed).toContain(name);
    }
  });
});

describe.each(dashboards)('dashboard $file', ({ dashboard }) => {
  it('has a uid, a title and panels', () => {
    expect(dashboard.uid).toMatch(/^[a-z0-9-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    expect(allPanels(dashboard.panels).filter((p) => p.type !== 'row').length).toBeGreaterThan(0);
  });

  it('gives every panel a unique id and a place on the grid', () => {
    const panels = allPanels(dashboard.panels);
    expect(new Set(panels.map((p) => p.id)).size).toBe(panels.length);
    for (const panel of panels) expect(panel.gridPos).toEqual({ h: expect.any(Number), w: expect.any(Number), x: expect.any(Number), y: expect.any(Number) });
  });

  it('queries through the $datasource variable from every panel', () => {
    expect(dashboard.templating?.list?.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource' });
    for (const panel of allPanels(dashboard.panels).filter((p) => p.type !== 'row')) {
      expect({ panel: panel.title, datasource: panel.datasource }).toEqual({ panel: panel.title, datasource: { type: 'prometheus', uid: '${datasource}' } });
      expect((panel.targets ?? []).filter((t) => t.expr).length).toBeGreaterThan(0);
    }
  });

  it('names only metrics that exist', () => {
    const unknown = dashboardExpressions(dashboard).flatMap(({ where, expr }) =>
      metricNames(expr).filter((name) => !allowed.has(name)).map((name) => `${where}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('has balanced brackets in every expression', () => {
    const broken = dashboardExpressions(dashboard).filter(({ expr }) => !balanced(expr) || metricNames(expr).length === 0);
    expect(broken).toEqual([]);
  });
});

describe('the dashboards together', () => {
  const used = (file: string) => new Set(dashboards.filter((d) => d.file === file).flatMap(({ dashboard }) => dashboardExpressions(dashboard).flatMap(({ expr }) => metricNames(expr))));

  it('are the operator, the broker cluster and the multi-tenancy dashboards, with distinct uids', () => {
    expect(dashboardFiles).toEqual(['streambus-cluster.json', 'streambus-multi-tenancy.json', 'streambus-operator.json']);
    expect(new Set(dashboards.map(({ dashboard }) => dashboard.uid)).size).toBe(dashboards.length);
  });

  it('the operator dashboard shows reconciles, errors, latency, work queue, leader, API requests and the process', () => {
    expect([...used('streambus-operator.json')]).toEqual(
      expect.arrayContaining([
        'controller_runtime_reconcile_total',
        'controller_runtime_reconcile_errors_total',
        'controller_runtime_reconcile_time_seconds_bucket',
        'workqueue_depth',
        'workqueue_queue_duration_seconds_bucket',
        'leader_election_master_status',
        'rest_client_requests_total',
        'process_resident_memory_bytes',
        'process_cpu_seconds_total',
      ]),
    );
  });

  it('the broker cluster dashboard shows readiness, restarts and storage, and the operator metrics the seed names', () => {
    expect([...used('streambus-cluster.json')]).toEqual(
      expect.arrayContaining([
        'kube_statefulset_replicas',
        'kube_statefulset_status_replicas_ready',
        'kube_pod_container_status_restarts_total',
        'kube_persistentvolumeclaim_resource_requests_storage_bytes',
        'streambus_operator_reconcile_total',
        'streambus_operator_reconcile_errors_total',
        'streambus_operator_reconcile_duration_seconds_bucket',
      ]),
    );
  });

  it('the multi-tenancy dashboard shows each tenant\'s traffic, connections, storage, topics and denials, the isolation policy and Ready', () => {
    expect([...used('streambus-multi-tenancy.json')]).toEqual(expect.arrayContaining([...BROKER_METRICS, 'kube_networkpolicy_spec_ingress_rules', 'streambus_operator_resource_condition']));
    const { dashboard } = dashboards.find((d) => d.file === 'streambus-multi-tenancy.json')!;
    expect(dashboard.templating?.list?.map((v) => v.name)).toEqual(['datasource', 'namespace', 'cluster', 'tenant']);
    // Every broker series is narrowed to the cluster's pods and the chosen tenants.
    for (const { where, expr } of dashboardExpressions(dashboard)) {
      if (!metricNames(expr).some((name) => BROKER_METRICS.includes(name)) || where.startsWith('variable')) continue;
      for (const selector of expr.match(/streambus_(?!operator_)\w+\{[^}]*\}/g) ?? []) {
        expect({ where, selector }).toEqual({ where, selector: expect.stringMatching(/namespace="\$namespace", pod=~"\$cluster-\[0-9\]\+", tenant(=~"\$tenant"|!="")/) });
      }
    }
  });

  it('fit in one ConfigMap', () => {
    const bytes = dashboardFiles.reduce((sum, file) => sum + Buffer.byteLength(read(`dashboards/${file}`)), 0);
    expect(bytes).toBeLessThan(900 * 1024);
  });
});

describe('the PrometheusRule', () => {
  const template = read('templates/prometheusrule.yaml');

  it('is the rules file, included as it is by the operator-common library (rules/<chart name>.rules.yaml)', () => {
    expect(template).toContain('include "operator-common.prometheusRule" .');
    expect(readFileSync(new URL('../operator-common/templates/_prometheusrule.tpl', chartDir), 'utf8')).toContain('printf "rules/%s.rules.yaml" .Chart.Name');
    expect(ruleFiles).toEqual(['streambus-operator.rules.yaml']);
  });

  it('keeps every expression out of Helm templates', () => {
    // Expressions in templates/ (none today) would be checked here with Helm's {{ }} taken out.
    const templated = readdirSync(new URL('templates/', chartDir))
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => [...read(`templates/${f}`).matchAll(/^\s*expr:\s*(.+)$/gm)].map((m) => m[1]!.replace(/\{\{.*?\}\}/g, '')));
    for (const expr of templated) expect(metricNames(expr).filter((name) => !allowed.has(name))).toEqual([]);
    for (const rule of rules) expect(rule.expr).not.toMatch(/\{\{|\}\}/);
  });

  it('has the alerts for reconcile errors, an operator that is down, clusters not Ready and degraded brokers', () => {
    expect(rules.map((r) => [r.alert, r.for, r.labels?.['severity']])).toEqual([
      ['StreamBusOperatorReconcileErrors', '15m', 'warning'],
      ['StreamBusOperatorDown', '5m', 'critical'],
      ['StreamBusClusterNotReady', '10m', 'critical'],
      ['StreamBusBrokersDegraded', '5m', 'warning'],
    ]);
    for (const rule of rules) {
      expect(rule.annotations?.['summary']).toBeTruthy();
      expect(rule.annotations?.['description']).toBeTruthy();
    }
  });

  it.each(rules.map((r) => [r.alert ?? r.record, r] as const))('%s names only metrics that exist', (_name, rule) => {
    expect(balanced(rule.expr)).toBe(true);
    const names = metricNames(rule.expr);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !allowed.has(name))).toEqual([]);
  });

  it('reads the operator errors, up, the clusters\' Ready condition, and kube-state-metrics StatefulSets of StreamBus clusters', () => {
    const byAlert = Object.fromEntries(rules.map((r) => [r.alert, metricNames(r.expr)]));
    expect(byAlert['StreamBusOperatorReconcileErrors']).toEqual(['streambus_operator_reconcile_errors_total']);
    expect(byAlert['StreamBusOperatorDown']).toEqual(['up', 'up']);
    // The status the operator writes, so a Failed cluster without any broker alerts too.
    expect(byAlert['StreamBusClusterNotReady']).toEqual(['streambus_operator_resource_condition']);
    expect(rules.find((r) => r.alert === 'StreamBusClusterNotReady')?.expr).toMatch(/kind="StreamBusCluster", condition="Ready", status!="True"/);
    expect(byAlert['StreamBusBrokersDegraded']).toEqual(['kube_statefulset_replicas', 'kube_statefulset_status_replicas_ready', 'kube_statefulset_labels']);
    // Only the StatefulSets the operator manages (its children carry managed-by: streambus-operator).
    expect(rules.find((r) => r.alert === 'StreamBusBrokersDegraded')?.expr).toContain('label_app_kubernetes_io_managed_by="streambus-operator"');
  });
});
