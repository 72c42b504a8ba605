// The tickstorm-operator chart against the local cluster: `helm lint --strict`, and `helm template`
// of every values variant applied with `kubectl apply --dry-run=server` (admission, schemas and the
// restricted Pod Security Standard run, nothing is stored), the monitoring kinds against the pinned
// prometheus-operator CRDs; the rendered RBAC is exactly the rules generated from src/rbac.ts. The
// chart's alerts (rules/, rules/tests/) are checked and unit-tested with the pinned promtool by the
// streambus chart suite, which runs every chart's rules.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump as dumpYaml, load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import type { V1Deployment } from '@kubernetes/client-node';
import { createTestNamespace, testClient } from '@operators/k8s-common/testing';
import type { KubeClient } from '@operators/k8s-common';
import { repoRoot } from '../support/operator-process.ts';

const chart = join(repoRoot, 'charts', 'tickstorm-operator');
/** The local cluster's helm has no built-in Kubernetes version of its own (v1.20.0): renders name the pinned one. */
const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;
const RELEASE = 'tickstorm-operator';
const MONITORING = ['metrics.serviceMonitor.enabled=true', 'metrics.serviceMonitor.labels.release=kube-prometheus-stack', 'prometheusRule.enabled=true', 'prometheusRule.labels.release=kube-prometheus-stack', 'grafanaDashboard.enabled=true'];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: unknown[];
  data?: Record<string, string>;
}

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout + result.stderr;
}

const setFlags = (values: readonly string[]) => values.flatMap((v) => ['--set', v]);
const template = (namespace: string, values: readonly string[] = []) => run('helm', ['template', RELEASE, chart, '--namespace', namespace, '--kube-version', KUBE_VERSION, ...setFlags(values)]);
const parse = (yaml: string) => (loadAllYaml(yaml) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);
const generatedRules = (file: string) => loadYaml(readFileSync(join(chart, 'files', file), 'utf8'));
const ofKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);

describe('the tickstorm-operator chart', () => {
  let client: KubeClient;
  let release: { name: string; cleanup: () => Promise<void> };
  let watched: { name: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    client = await testClient();
    release = await createTestNamespace(client, 'tschart');
    watched = await createTestNamespace(client, 'tschart-watched');
    // Anything short of the restricted profile fails the dry run, or warns, which the test rejects.
    for (const namespace of [release.name, watched.name]) {
      run('kubectl', ['label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted', '--overwrite']);
    }
    // The TickStorm CRD (shared by parallel files: server-side, idempotent) for the NOTES' example.
    run('kubectl', ['apply', '--server-side', '--force-conflicts', '-f', join(chart, 'crds')]);
    // Other files install these too and none removes them: a server-side apply is harmless either way.
    const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
    for (const file of readdirSync(crdDir)) run('kubectl', ['apply', '--server-side', '--force-conflicts', '-f', join(crdDir, file)]);
    run('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', 'crd/servicemonitors.monitoring.coreos.com', 'crd/prometheusrules.monitoring.coreos.com']);
  });

  afterAll(async () => {
    await watched?.cleanup();
    await release?.cleanup();
    await client?.close();
  });

  it.each([
    ['default values', []],
    ['namespace-scoped RBAC', ['rbac.scope=namespace', 'watchNamespaces={tick-storm}']],
    ['monitoring on', MONITORING],
  ] as const)('passes helm lint --strict with %s', (_name, values) => {
    expect(run('helm', ['lint', '--strict', chart, ...setFlags(values)])).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it('ships CRDs the API server accepts', () => {
    expect(run('kubectl', ['apply', '--server-side', '--dry-run=server', '-f', join(chart, 'crds')])).toContain('customresourcedefinition.apiextensions.k8s.io/tickstorms.tickstorm.io serverside-applied (server dry run)');
  });

  const variants: [string, () => string[]][] = [
    ['default values', () => []],
    ['namespace-scoped RBAC', () => ['rbac.scope=namespace', `watchNamespaces={${watched.name}}`]],
    ['cluster-scoped RBAC watching one namespace', () => [`watchNamespaces={${watched.name}}`]],
    ['leader election off', () => ['leaderElection.enabled=false']],
    ['three replicas', () => ['replicaCount=3']],
    ['an existing ServiceAccount and no RBAC', () => ['serviceAccount.create=false', 'serviceAccount.name=default', 'rbac.create=false']],
    ['no metrics Service', () => ['metrics.service.enabled=false']],
    ['monitoring on (ServiceMonitor, PrometheusRule, dashboards)', () => MONITORING],
    ['scheduling, pod metadata and extra flags', () => ['nodeSelector.kubernetes\\.io/os=linux', 'podLabels.team=trading', 'podAnnotations.example\\.com/owner=trading', 'extraArgs={--log-level=debug}', 'extraEnv[0].name=TICKSTORM_PRESSURE_WINDOW_MINUTES', 'extraEnv[0].value="30"']],
  ];

  it.each(variants)('renders what the API server accepts with %s', (_name, values) => {
    const manifests = parse(template(release.name, values()));
    const output = run('kubectl', ['apply', '--dry-run=server', '-f', '-'], manifests.map((m) => dumpYaml(m)).join('---\n'));
    expect(output.trim().split('\n').filter((line) => line.endsWith('(server dry run)'))).toHaveLength(manifests.length);
    expect(output).not.toMatch(/would violate PodSecurity|Warning/);
  });

  it('grants exactly the generated rules, cluster-wide or in each watched namespace, and leases in its own', () => {
    const cluster = parse(template(release.name));
    expect(ofKind(cluster, 'ClusterRole').map((m) => m.rules)).toEqual([generatedRules('rbac-rules.yaml')]);
    expect(ofKind(cluster, 'Role').map((m) => [m.metadata.namespace, m.rules])).toEqual([[release.name, generatedRules('leader-election-rules.yaml')]]);
    const scoped = parse(template(release.name, ['rbac.scope=namespace', 'watchNamespaces={team-a,team-b}']));
    expect(ofKind(scoped, 'ClusterRole')).toEqual([]);
    expect(ofKind(scoped, 'Role').map((m) => m.metadata.namespace).sort()).toEqual([release.name, 'team-a', 'team-b'].sort());
    for (const role of ofKind(scoped, 'Role').filter((m) => m.metadata.namespace !== release.name)) expect(role.rules).toEqual(generatedRules('rbac-rules.yaml'));
  });

  it('runs the operator with its flags, probes and the restricted security context', () => {
    const deployment = ofKind(parse(template(release.name, ['watchNamespaces={tick-storm}'])), 'Deployment')[0] as unknown as V1Deployment;
    const container = deployment.spec!.template.spec!.containers[0]!;
    expect(container.command).toEqual(['node', 'packages/tickstorm-operator/dist/main.js']);
    expect(container.args).toEqual(expect.arrayContaining(['--namespaces=tick-storm', '--leader-elect=true']));
    expect(container.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(container.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(deployment.spec!.template.spec!.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('turns leader election on whenever there is more than one replica, and uses Recreate without it', () => {
    const deploymentOf = (values: string[]) => ofKind(parse(template(release.name, values)), 'Deployment')[0] as unknown as V1Deployment;
    const off = deploymentOf(['leaderElection.enabled=false']);
    expect(off.spec!.template.spec!.containers[0]!.args).toContain('--leader-elect=false');
    expect(off.spec!.strategy).toEqual({ type: 'Recreate' });
    const replicated = deploymentOf(['leaderElection.enabled=false', 'replicaCount=3']);
    expect(replicated.spec!.replicas).toBe(3);
    expect(replicated.spec!.template.spec!.containers[0]!.args).toContain('--leader-elect=true');
  });

  it('ships the dashboards as valid JSON in a ConfigMap labelled for Grafana\'s sidecar, and the alerts of rules/', () => {
    const manifests = parse(template(release.name, MONITORING));
    const dashboards = ofKind(manifests, 'ConfigMap').filter((m) => m.metadata.labels?.['grafana_dashboard'] === '1');
    const files = dashboards.flatMap((m) => Object.entries(m.data ?? {}));
    expect(files.map(([file]) => file).sort()).toEqual(readdirSync(join(chart, 'dashboards')).sort());
    for (const [, json] of files) expect(() => JSON.parse(json) as unknown).not.toThrow();
    const rule = ofKind(manifests, 'PrometheusRule')[0] as unknown as { spec: { groups: unknown } };
    expect(rule.spec.groups).toEqual((loadYaml(readFileSync(join(chart, 'rules', 'tickstorm-operator.rules.yaml'), 'utf8')) as { groups: unknown }).groups);
  });

  it('rejects a mistyped value at template time (values.schema.json)', () => {
    const result = spawnSync('helm', ['template', RELEASE, chart, '--kube-version', KUBE_VERSION, '--set', 'replicaCoutn=2'], { encoding: 'utf8' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/additional properties 'replicaCoutn' not allowed/);
  });

  it('prints NOTES whose TickStorm the API server accepts', () => {
    const notes = run('helm', ['install', RELEASE, chart, '--namespace', release.name, '--dry-run=client', '--set', `watchNamespaces={${watched.name}}`]);
    const manifest = /cat <<'YAML'[^\n]*\n([\s\S]*?)\n\s*YAML/.exec(notes.slice(notes.indexOf('NOTES:')))?.[1];
    expect(manifest).toContain('kind: TickStorm');
    expect(run('kubectl', ['apply', '--dry-run=server', '-n', watched.name, '-f', '-'], manifest)).toContain('tickstorm.tickstorm.io/tick-storm created (server dry run)');
  });
});
