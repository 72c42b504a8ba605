// The tapio-operator chart against the local cluster: helm lint --strict, server-side dry runs of the
// options that change what is rendered (both RBAC scopes, the monitoring kinds with the pinned
// prometheus-operator CRDs, several replicas), the Roles carrying exactly the generated rules, and the
// Deployment under the restricted Pod Security Standard. The chart's alerts are checked with promtool
// by the streambus chart suite, which runs every chart's rules/tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import { repoRoot } from '../support/operator-process.ts';

const chart = join(repoRoot, 'charts', 'tapio-operator');
const NAMESPACE = 'tapio-chart-e2e';
const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;
const MONITORING = ['metrics.serviceMonitor.enabled=true', 'prometheusRule.enabled=true', 'grafanaDashboard.enabled=true'];

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: unknown[];
  spec?: { template?: { spec?: { securityContext?: Record<string, unknown>; containers?: { securityContext?: Record<string, unknown> }[] } } };
}

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

const render = (values: string[] = []) => run('helm', ['template', 'tapio-operator', chart, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION, ...values.flatMap((v) => ['--set', v])]);
const manifests = (values: string[] = []) => (loadAllYaml(render(values)) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);

describe('the tapio-operator chart', () => {
  beforeAll(() => {
    if (spawnSync('kubectl', ['get', 'namespace', NAMESPACE]).status !== 0) run('kubectl', ['create', 'namespace', NAMESPACE]);
    // The pinned prometheus-operator CRDs, so the ServiceMonitor and PrometheusRule are checked by the API server too.
    const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
    for (const file of readdirSync(crdDir)) execFileSync('kubectl', ['apply', '--server-side', '-f', join(crdDir, file)], { stdio: 'pipe' });
  });
  afterAll(() => {
    run('kubectl', ['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  it('passes helm lint --strict', () => {
    expect(run('helm', ['lint', '--strict', chart])).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it.each([[[]], [['rbac.scope=namespace', `watchNamespaces={${NAMESPACE}}`]], [MONITORING], [['replicaCount=2', 'webhooks.failurePolicy=Ignore']]])(
    'renders what the API server accepts (%j)',
    (values) => {
      run('kubectl', ['apply', '--dry-run=server', '-f', '-'], render(values));
    },
  );

  it('grants exactly the generated rules, cluster-wide or per watched namespace', () => {
    const generated = loadYaml(readFileSync(join(chart, 'files', 'rbac-rules.yaml'), 'utf8'));
    const clusterRoles = manifests().filter((m) => m.kind === 'ClusterRole');
    expect(clusterRoles.map((m) => m.rules)).toEqual([generated]);
    const roles = manifests(['rbac.scope=namespace', 'watchNamespaces={team-a,team-b}']).filter((m) => m.kind === 'Role' && m.metadata.namespace?.startsWith('team-'));
    expect(roles.map((m) => [m.metadata.namespace, m.rules])).toEqual([
      ['team-a', generated],
      ['team-b', generated],
    ]);
    expect(manifests(['rbac.scope=namespace', 'watchNamespaces={team-a}']).filter((m) => m.kind === 'ClusterRole' || m.kind.endsWith('WebhookConfiguration'))).toEqual([]);
  });

  it('runs the operator under the restricted Pod Security Standard', () => {
    const deployment = manifests().find((m) => m.kind === 'Deployment')!;
    expect(deployment.spec?.template?.spec?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.spec?.template?.spec?.containers?.[0]?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });
});
