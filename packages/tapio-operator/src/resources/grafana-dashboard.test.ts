import { aCluster, exampleCluster, withClusterSpec } from '../../test/fixtures.ts';
import { existingMetricNames, metricNames } from '../../test/promql.ts';
import { desiredGrafanaDashboardConfigMap, grafanaDashboard } from './grafana-dashboard.ts';

const withGrafana = withClusterSpec({ monitoring: { grafana: { enabled: true } } });

describe('desiredGrafanaDashboardConfigMap', () => {
  it('exists only with monitoring.grafana.enabled', () => {
    expect(desiredGrafanaDashboardConfigMap(aCluster())).toBeUndefined();
  });

  it('is <cluster>-grafana-dashboard, labelled for the sidecar, owned by the cluster, holding the dashboard JSON', () => {
    const configMap = desiredGrafanaDashboardConfigMap(aCluster(withGrafana))!;
    expect(configMap.metadata?.name).toBe('dev-grafana-dashboard');
    expect(configMap.metadata?.labels).toMatchObject({ grafana_dashboard: '1', 'tapio.io/cluster': 'dev' });
    expect(configMap.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TapioCluster', controller: true });
    expect(JSON.parse(configMap.data!['tapio-dev.json']!)).toEqual(grafanaDashboard(aCluster(withGrafana)));
  });
});

describe('grafanaDashboard', () => {
  const production = grafanaDashboard(exampleCluster('production-ha'));
  const panels = production.panels.filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => p.targets ?? []).map((t) => t.expr);

  it('has a uid of its own per platform, unique panel ids and the $datasource variable on every panel', () => {
    expect(production.uid).toMatch(/^tapio-[0-9a-f]{16}$/);
    expect(grafanaDashboard(aCluster()).uid).not.toBe(production.uid);
    expect(new Set(production.panels.map((p) => p.id)).size).toBe(production.panels.length);
    expect(production.templating.list).toEqual([expect.objectContaining({ name: 'datasource', type: 'datasource' })]);
    for (const panel of panels) expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
    for (const panel of panels) expect(panel.gridPos.x + panel.gridPos.w).toBeLessThanOrEqual(24);
  });

  it('queries only its own platform, and only metrics that exist', async () => {
    for (const expr of exprs) expect(expr).toContain(`namespace="tapio"`);
    const used = new Set(exprs.flatMap(metricNames));
    const existing = await existingMetricNames();
    expect([...used].filter((name) => !existing.has(name))).toEqual([]);
    for (const name of ['tapio_operator_resource_condition', 'kube_statefulset_status_replicas_ready', 'kube_cronjob_status_last_successful_time', 'up']) expect(used).toContain(name);
    expect(exprs.every((expr) => metricNames(expr).length > 0)).toBe(true);
  });

  it('shows the node collectors only when some run', () => {
    const titles = (dashboard: ReturnType<typeof grafanaDashboard>) => dashboard.panels.map((p) => p.title);
    expect(titles(production)).toContain('Node collectors ready / scheduled');
    expect(titles(grafanaDashboard(aCluster()))).not.toContain('Node collectors ready / scheduled');
  });
});
