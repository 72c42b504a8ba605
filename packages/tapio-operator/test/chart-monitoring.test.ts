// The chart's Grafana dashboard (charts/tapio-operator/dashboards/) and alerts (rules/) may only query
// metrics that exist: a renamed metric or a typo fails here instead of showing an empty panel or an
// alert that can never fire. The alerts' behaviour is unit-tested with promtool (rules/tests/, run by
// the streambus chart e2e suite for every chart).
import { readdirSync, readFileSync } from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import { existingMetricNames, metricNames } from './promql.ts';

const chartDir = new URL('../../../charts/tapio-operator/', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, chartDir), 'utf8');
const files = (dir: string, ext: string) => readdirSync(new URL(dir, chartDir)).filter((f) => f.endsWith(ext)).sort();

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}
const allPanels = (panels: Panel[] = []): Panel[] => panels.flatMap((panel) => [panel, ...allPanels(panel.panels)]);

const expressions = [
  ...files('dashboards/', '.json').flatMap((file) =>
    allPanels((JSON.parse(read(`dashboards/${file}`)) as { panels?: Panel[] }).panels).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ where: `${file} "${panel.title}"`, expr: target.expr ?? '' })),
    ),
  ),
  ...files('rules/', '.yaml').flatMap((file) =>
    (loadYaml(read(`rules/${file}`)) as { groups: { rules: { alert?: string; expr: string }[] }[] }).groups.flatMap((group) =>
      group.rules.map((rule) => ({ where: `${file} ${rule.alert}`, expr: rule.expr })),
    ),
  ),
];

describe('the chart\'s dashboards and alerts', () => {
  it('have expressions to check', () => {
    expect(expressions.length).toBeGreaterThan(10);
  });

  it('name only metrics that exist', async () => {
    const existing = await existingMetricNames();
    const unknown = expressions.flatMap(({ where, expr }) => metricNames(expr).filter((name) => !existing.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
    for (const { where, expr } of expressions) expect({ where, names: metricNames(expr).length > 0 }).toEqual({ where, names: true });
  });

  it('finds the metrics of an expression, and nothing else', () => {
    expect(metricNames('histogram_quantile(0.99, sum by (le, controller) (rate(foo_bucket{job=~"$job", x="a b"}[$__rate_interval]))) > 0 and on (namespace) bar offset 5m')).toEqual(['foo_bucket', 'bar']);
    expect(metricNames('up{job=~".*op.*"} == 0 or absent(up{job=~".*op.*"})')).toEqual(['up', 'up']);
  });
});
