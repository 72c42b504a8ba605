// The prism-operator chart against the local cluster: helm lint --strict, server-side dry runs of
// what it renders for each RBAC scope and with the tenancy ClusterRole and the dashboards, the
// restricted Pod Security Standard and standard labels of the Deployment, and RBAC that is exactly
// the rules generated from src/rbac.ts. The chart's alerts are checked with promtool by the
// streambus chart suite, which runs every chart's rules/tests; the ServiceMonitor and PrometheusRule
// are left out of the dry runs (their CRDs come and go as other files install them).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import { repoRoot } from '../support/operator-process.ts';

const chart = join(repoRoot, 'charts', 'prism-operator');
const NAMESPACE = 'prism-chart-system';
const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: unknown[];
  data?: Record<string, string>;
  spec?: { template?: { spec?: { securityContext?: Record<string, unknown>; containers?: { securityContext?: Record<string, unknown>; readinessProbe?: unknown; livenessProbe?: unknown; resources?: unknown }[] } } };
}

function run(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

const template = (values: string[] = []) =>
  run('helm', ['template', 'prism-operator', chart, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION, ...values.flatMap((v) => ['--set', v])]);
const parse = (yaml: string) => (loadAllYaml(yaml) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);
const generatedRules = (file: string) => loadYaml(readFileSync(join(chart, 'files', file), 'utf8'));

describe('the prism-operator chart', () => {
  beforeAll(() => {
    if (spawnSync('kubectl', ['get', 'namespace', NAMESPACE]).status !== 0) run('kubectl', ['create', 'namespace', NAMESPACE]);
  });
  afterAll(() => {
    run('kubectl', ['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  it('passes helm lint --strict', () => {
    run('helm', ['lint', '--strict', chart, '--kube-version', KUBE_VERSION]);
  });

  it.each([
    [[]],
    [['rbac.scope=namespace', `watchNamespaces={${NAMESPACE}}`]],
    [['settings.tenantNamespaces=true', 'grafanaDashboard.enabled=true', 'replicaCount=2']],
  ])('renders what the API server accepts (%j)', (values) => {
    run('kubectl', ['apply', '--dry-run=server', '-f', '-'], template(values));
  });

  it('runs the operator under the restricted Pod Security Standard, with probes, resources and the standard labels', () => {
    const deployment = parse(template()).find((m) => m.kind === 'Deployment')!;
    expect(deployment.metadata.labels).toMatchObject({
      'app.kubernetes.io/name': 'prism-operator',
      'app.kubernetes.io/instance': 'prism-operator',
      'app.kubernetes.io/managed-by': 'Helm',
      'app.kubernetes.io/part-of': 'prism',
    });
    const pod = deployment.spec!.template!.spec!;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    const [container] = pod.containers!;
    expect(container!.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    expect(container!.readinessProbe).toBeDefined();
    expect(container!.livenessProbe).toBeDefined();
    expect(container!.resources).toBeDefined();
  });

  it('grants exactly the generated rules: cluster-wide, per watched namespace, and the tenancy ClusterRole only when asked', () => {
    const cluster = parse(template());
    expect(cluster.filter((m) => m.kind === 'ClusterRole').map((m) => [m.metadata.name, m.rules])).toEqual([['prism-operator', generatedRules('rbac-rules.yaml')]]);
    const scoped = parse(template(['rbac.scope=namespace', 'watchNamespaces={team-a,team-b}']));
    expect(scoped.filter((m) => m.kind === 'ClusterRole')).toEqual([]);
    const roles = scoped.filter((m) => m.kind === 'Role' && m.metadata.namespace !== NAMESPACE);
    expect(roles.map((m) => [m.metadata.namespace, m.rules])).toEqual([['team-a', generatedRules('rbac-rules.yaml')], ['team-b', generatedRules('rbac-rules.yaml')]]);
    const tenancy = parse(template(['rbac.scope=namespace', 'watchNamespaces={team-a}', 'settings.tenantNamespaces=true'])).filter((m) => m.kind === 'ClusterRole');
    expect(tenancy.map((m) => [m.metadata.name, m.rules])).toEqual([['prism-operator-tenancy', generatedRules('tenancy-rules.yaml')]]);
  });

  it('ships every dashboard in one ConfigMap for Grafana\'s sidecar, when asked', () => {
    expect(parse(template()).filter((m) => m.kind === 'ConfigMap')).toEqual([]);
    const [configMap] = parse(template(['grafanaDashboard.enabled=true'])).filter((m) => m.kind === 'ConfigMap');
    expect(configMap!.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    const files = readdirSync(join(chart, 'dashboards')).filter((f) => f.endsWith('.json')).sort();
    expect(Object.keys(configMap!.data!).sort()).toEqual(files);
    for (const file of files) expect(JSON.parse(configMap!.data![file]!)).toEqual(JSON.parse(readFileSync(join(chart, 'dashboards', file), 'utf8')));
  });

  it('renders its alerts and the operator\'s ServiceMonitor only when asked, with the labels a Prometheus selects', () => {
    expect(parse(template()).filter((m) => m.kind === 'PrometheusRule' || m.kind === 'ServiceMonitor')).toEqual([]);
    const rendered = parse(template(['prometheusRule.enabled=true', 'prometheusRule.labels.release=prom', 'metrics.serviceMonitor.enabled=true', 'metrics.serviceMonitor.labels.release=prom']));
    const rule = rendered.find((m) => m.kind === 'PrometheusRule') as Manifest & { spec?: unknown };
    expect(rule.metadata.labels).toMatchObject({ release: 'prom' });
    expect(rule.spec).toEqual(loadYaml(readFileSync(join(chart, 'rules', 'prism-operator.rules.yaml'), 'utf8')));
    expect(rendered.find((m) => m.kind === 'ServiceMonitor')?.metadata.labels).toMatchObject({ release: 'prom', 'app.kubernetes.io/name': 'prism-operator' });
  });
});
