// The streambus-operator Helm chart against the real local cluster: lint, schema, server-side
// dry-runs of every option that changes what is rendered (under the restricted Pod Security
// Standard), an install whose ServiceAccount gets exactly the chart's RBAC, the monitoring kinds
// against the pinned prometheus-operator CRDs, and the committed deploy/ manifests of the README's
// manual installation. Also the operator-common library chart it is built on, and every chart's
// alerts with the pinned promtool (check rules, and the unit tests in rules/tests/).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { V1Deployment } from '@kubernetes/client-node';
import { dump as dumpYaml, load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import { ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { createTestNamespace, testClient, waitFor } from '@operators/k8s-common/testing';
import { PrivateCluster } from '../support/private-cluster.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const chart = join(repoRoot, 'charts', 'streambus-operator');
const library = join(repoRoot, 'charts', 'operator-common');
const MONITORING_KINDS = ['ServiceMonitor', 'PrometheusRule'];

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

function run(command: string, args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', input: options.input, env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  return { status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

function helm(...args: string[]): string {
  const result = run('helm', args);
  if (result.status !== 0) throw new Error(`helm ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

const setFlags = (values: readonly string[]): string[] => values.flatMap((v) => ['--set', v]);

/**
 * The local cluster's helm is built without Helm's Makefile, so its built-in Kubernetes version
 * (what `helm template` checks the chart's kubeVersion against) is v1.20.0: offline renders name the
 * pinned one.
 */
const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;

function template(release: string, namespace: string, values: readonly string[] = [], source = chart): string {
  return helm('template', release, source, '--namespace', namespace, '--kube-version', KUBE_VERSION, ...setFlags(values));
}

function parse(yaml: string): Manifest[] {
  return (loadAllYaml(yaml) as (Manifest | null)[]).filter((doc): doc is Manifest => doc !== null);
}

/** `kubectl apply --dry-run=server`: admission, schema and Pod Security run, nothing is stored. */
function dryRun(manifests: Manifest[], env?: NodeJS.ProcessEnv): { stdout: string; stderr: string } {
  const input = manifests.map((m) => dumpYaml(m)).join('---\n');
  const result = run('kubectl', ['apply', '--dry-run=server', '-f', '-'], { input, ...(env ? { env } : {}) });
  if (result.status !== 0) throw new Error(`kubectl apply --dry-run=server failed:\n${result.stderr}`);
  return result;
}

function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

const byKind = (manifests: Manifest[], kind: string) => manifests.filter((m) => m.kind === kind);
const one = (manifests: Manifest[], kind: string): Manifest => {
  const found = byKind(manifests, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0]!;
};
type Container = { name: string; args: string[]; command: string[]; securityContext: Record<string, unknown>; env: { name: string }[] };
function podSpec(manifests: Manifest[]) {
  const deployment = one(manifests, 'Deployment') as unknown as V1Deployment;
  return { deployment, spec: deployment.spec!.template.spec!, container: deployment.spec!.template.spec!.containers[0] as unknown as Container };
}

function loadYamlFile(path: string): unknown {
  return loadYaml(readFileSync(path, 'utf8'));
}

/**
 * The operator's permissions, declared beside its code (packages/streambus-operator/src/rbac.ts)
 * and generated into the chart's files/ (a unit test fails when they are stale); here the
 * rendered Roles must carry exactly those.
 */
const chartFile = (name: string) => join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'charts', 'streambus-operator', 'files', name);
const OPERATOR_RULES = loadYamlFile(chartFile('rbac-rules.yaml')) as Rule[];
const LEASE_RULES = loadYamlFile(chartFile('leader-election-rules.yaml')) as Rule[];

const MONITORING_VALUES = [
  'metrics.serviceMonitor.enabled=true',
  'metrics.serviceMonitor.labels.release=kube-prometheus-stack',
  'prometheusRule.enabled=true',
  'prometheusRule.labels.release=kube-prometheus-stack',
  'grafanaDashboard.enabled=true',
];

describe('the streambus-operator chart', () => {
  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let watchA: { name: string; cleanup: () => Promise<void> };
  let watchB: { name: string; cleanup: () => Promise<void> };
  const suffix = randomBytes(3).toString('hex');
  const release = `sbo-${suffix}`;
  const installed: { release: string; namespace: string }[] = [];

  beforeAll(async () => {
    client = await testClient();
    ns = await createTestNamespace(client, 'sbchart');
    watchA = await createTestNamespace(client, 'sbchart-a');
    watchB = await createTestNamespace(client, 'sbchart-b');
    // The release namespaces enforce the restricted Pod Security Standard and warn about it, so a
    // dry-run or an install of anything less fails or prints a warning this test rejects.
    for (const namespace of [ns.name, watchA.name, watchB.name]) {
      kubectl('label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted', '--overwrite');
    }
  });

  afterAll(async () => {
    // Cluster-scoped objects (ClusterRole, ClusterRoleBinding) outlive the namespaces: uninstall.
    for (const { release: r, namespace } of installed) run('helm', ['uninstall', r, '--namespace', namespace, '--wait', '--timeout', '60s']);
    for (const n of [ns, watchA, watchB]) await n?.cleanup();
    await client?.close();
  });

  describe('helm lint --strict', () => {
    it.each([
      ['default values', []],
      ['namespace-scoped RBAC', ['rbac.scope=namespace', 'watchNamespaces={a,b}']],
      ['monitoring on', MONITORING_VALUES],
    ] as const)('passes with %s', (_name, values) => {
      const out = helm('lint', '--strict', chart, ...setFlags(values));
      expect(out).toContain('1 chart(s) linted, 0 chart(s) failed');
    });
  });

  it('declares Kubernetes 1.28 as its minimum (CEL fieldPath in the CRD, StatefulSet PVC retention)', () => {
    expect(template(release, 'default', [])).toContain('kind: Deployment');
    const older = run('helm', ['template', release, chart, '--kube-version', '1.27.9']);
    expect({ status: older.status, stderr: older.stderr }).toEqual({ status: 1, stderr: expect.stringContaining('chart requires kubeVersion: >=1.28.0-0') });
  });

  describe('the operator-common library chart', () => {
    it('passes helm lint --strict', () => {
      expect(helm('lint', '--strict', library)).toContain('1 chart(s) linted, 0 chart(s) failed');
    });

    it('is vendored into the chart as it is (else run: scripts/chart-dependencies.sh)', () => {
      const result = run('bash', [join(repoRoot, 'scripts', 'chart-dependencies.sh'), '--check']);
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    });

    it('names no operator: operator-specific values come from the operator chart', () => {
      const words = /streambus|broker/i;
      const offending = execFileSync('find', [library, '-type', 'f'], { encoding: 'utf8' })
        .split('\n')
        .filter((file) => file && words.test(readFileSync(file, 'utf8')));
      expect(offending).toEqual([]);
    });

    it('packages into a self-contained chart that renders as the chart directory does', () => {
      const out = mkdtempSync(join(tmpdir(), 'streambus-package-'));
      try {
        helm('package', chart, '--destination', out);
        const packaged = join(out, readdirSync(out).find((f) => f.endsWith('.tgz'))!);
        const listing = execFileSync('tar', ['-tzf', packaged], { encoding: 'utf8' });
        expect(listing).toMatch(/^streambus-operator\/charts\/operator-common\/templates\/_deployment\.tpl$/m);
        for (const values of [[], MONITORING_VALUES, ['rbac.scope=namespace', 'watchNamespaces={a,b}']]) {
          expect(template(release, ns.name, values, packaged)).toEqual(template(release, ns.name, values));
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });

  describe('values.schema.json', () => {
    it.each([
      ['a mistyped value', ['replicaCount=x'], /replicaCount.*got string, want integer/s],
      ['an unknown key', ['replicaCoutn=2'], /additional properties 'replicaCoutn' not allowed/],
      ['an unknown nested key', ['metrics.serviceMonitor.lables.release=x'], /\/metrics\/serviceMonitor.*additional properties 'lables' not allowed/s],
      ['a value outside its enum', ['rbac.scope=everywhere'], /\/rbac\/scope.*must be one of/s],
      ['a bad duration', ['resyncPeriod=10 minutes'], /\/resyncPeriod/],
      ['an invalid namespace name', ['watchNamespaces={Team_A}'], /\/watchNamespaces\/0/],
      ['a typo in the security context', ['securityContext.runAsNonroot=true'], /additional properties 'runAsNonroot' not allowed/],
      ['namespace scope without namespaces', ['rbac.scope=namespace'], /rbac.scope=namespace needs watchNamespaces/],
    ] as const)('rejects %s at template time', (_name, values, message) => {
      const result = run('helm', ['template', release, chart, '--namespace', ns.name, '--kube-version', KUBE_VERSION, ...setFlags(values)]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(message);
    });
  });

  describe('rendered objects', () => {
    it('carry the standard labels; selectors use only name and instance', () => {
      const manifests = parse(template(release, ns.name, [...MONITORING_VALUES, 'podLabels.team=streaming']));
      for (const m of manifests) {
        expect({ kind: m.kind, labels: m.metadata.labels }).toEqual({
          kind: m.kind,
          labels: expect.objectContaining({
            'helm.sh/chart': 'streambus-operator-0.1.0',
            'app.kubernetes.io/name': 'streambus-operator',
            'app.kubernetes.io/instance': release,
            'app.kubernetes.io/version': '0.1.0',
            'app.kubernetes.io/managed-by': 'Helm',
          }),
        });
      }
      const selector = { 'app.kubernetes.io/name': 'streambus-operator', 'app.kubernetes.io/instance': release };
      const { deployment } = podSpec(manifests);
      expect(deployment.spec!.selector.matchLabels).toEqual(selector);
      expect(deployment.spec!.template.metadata!.labels).toMatchObject({ ...selector, team: 'streaming' });
      expect((one(manifests, 'Service') as { spec?: { selector?: unknown } }).spec?.selector).toEqual(selector);
      expect(one(manifests, 'ServiceMonitor')).toMatchObject({
        metadata: { labels: { release: 'kube-prometheus-stack' } },
        spec: { selector: { matchLabels: selector }, endpoints: [{ port: 'metrics', path: '/metrics' }] },
      });
      expect(one(manifests, 'ConfigMap').metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    });

    it('run the operator under the restricted Pod Security Standard with probes, resources and a writable /tmp', () => {
      const { deployment, spec, container } = podSpec(parse(template(release, ns.name)));
      expect(deployment.spec!.replicas).toBe(1);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } });
      expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect(container).toMatchObject({
        image: 'operators/streambus-operator:0.1.0',
        command: ['node', 'packages/streambus-operator/dist/main.js'],
        livenessProbe: { httpGet: { path: '/healthz', port: 'health' } },
        readinessProbe: { httpGet: { path: '/readyz', port: 'health' } },
        ports: [{ name: 'metrics', containerPort: 8080 }, { name: 'health', containerPort: 8081 }].map((p) => expect.objectContaining(p)),
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { memory: '512Mi' } },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
      });
      expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: expect.any(Object) }]);
      expect(container.env.map((e) => e.name)).toEqual(['POD_NAMESPACE', 'POD_NAME']);
      expect(container.args).toEqual([
        '--metrics-bind-address=:8080',
        '--health-probe-bind-address=:8081',
        '--leader-elect=true',
        `--leader-election-id=${release}-streambus-operator-leader`,
        '--log-level=info',
        '--max-concurrent-reconciles=2',
        '--resync-period=10m',
        '--shutdown-timeout=30s',
      ]);
      // Above the operator's shutdown timeout, so a clean stop is never cut short.
      expect(spec.terminationGracePeriodSeconds).toBe(40);
    });

    it('grant exactly the operator rules cluster-wide by default, and leases in the release namespace', () => {
      const manifests = parse(template(release, ns.name));
      expect(manifests.map((m) => m.kind).sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Role', 'RoleBinding', 'Service', 'ServiceAccount']);
      expect((one(manifests, 'ClusterRole') as unknown as { rules: Rule[] }).rules).toEqual(OPERATOR_RULES);
      expect(one(manifests, 'Role')).toMatchObject({ metadata: { namespace: ns.name }, rules: LEASE_RULES });
      expect(one(manifests, 'ClusterRoleBinding')).toMatchObject({ subjects: [{ kind: 'ServiceAccount', name: `${release}-streambus-operator`, namespace: ns.name }] });
    });

    it('grant the rules in each watched namespace only, and pass them to --namespaces, with rbac.scope=namespace', () => {
      const manifests = parse(template(release, ns.name, ['rbac.scope=namespace', `watchNamespaces={${watchA.name},${watchB.name}}`]));
      expect(byKind(manifests, 'ClusterRole')).toEqual([]);
      expect(byKind(manifests, 'ClusterRoleBinding')).toEqual([]);
      const roles = byKind(manifests, 'Role') as unknown as { metadata: { namespace: string }; rules: Rule[] }[];
      expect(roles.map((r) => [r.metadata.namespace, r.rules])).toEqual([
        [ns.name, LEASE_RULES],
        [watchA.name, OPERATOR_RULES],
        [watchB.name, OPERATOR_RULES],
      ]);
      expect(byKind(manifests, 'RoleBinding').map((b) => b.metadata.namespace)).toEqual([ns.name, watchA.name, watchB.name]);
      expect(podSpec(manifests).container.args).toContain(`--namespaces=${watchA.name},${watchB.name}`);
    });

    it('turn leader election on whenever there is more than one replica', () => {
      const off = parse(template(release, ns.name, ['leaderElection.enabled=false']));
      expect(podSpec(off).container.args).toContain('--leader-elect=false');
      expect(byKind(off, 'Role')).toEqual([]);
      // Two operators must never overlap without a Lease between them, not even during an upgrade.
      expect(podSpec(off).deployment.spec!.strategy).toEqual({ type: 'Recreate' });

      const replicated = parse(template(release, ns.name, ['leaderElection.enabled=false', 'replicaCount=3']));
      expect(podSpec(replicated).deployment.spec!.replicas).toBe(3);
      expect(podSpec(replicated).container.args).toContain('--leader-elect=true');
      expect(podSpec(replicated).deployment.spec!.strategy).toBeUndefined();
      expect(one(replicated, 'Role')).toMatchObject({ rules: LEASE_RULES });
    });
  });

  describe('kubectl apply --dry-run=server', () => {
    // Every option that changes which objects are rendered or how.
    const combinations: [string, () => string[]][] = [
      ['default values', () => []],
      ['namespace-scoped RBAC', () => ['rbac.scope=namespace', `watchNamespaces={${watchA.name},${watchB.name}}`]],
      ['cluster-scoped RBAC watching some namespaces', () => [`watchNamespaces={${watchA.name}}`]],
      ['leader election off', () => ['leaderElection.enabled=false']],
      ['three replicas', () => ['replicaCount=3', 'leaderElection.enabled=false']],
      ['an existing ServiceAccount and no RBAC', () => ['serviceAccount.create=false', 'serviceAccount.name=default', 'rbac.create=false']],
      ['no metrics Service', () => ['metrics.service.enabled=false']],
      ['monitoring on', () => MONITORING_VALUES],
      [
        'scheduling, pod metadata, settings and extra flags',
        () => [
          'nodeSelector.kubernetes\\.io/os=linux',
          'tolerations[0].key=dedicated',
          'tolerations[0].operator=Exists',
          'tolerations[0].effect=NoSchedule',
          'affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight=1',
          'affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key=kubernetes.io/arch',
          'affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].operator=Exists',
          'podAnnotations.example\\.com/owner=streaming',
          'podLabels.team=streaming',
          'settings.defaultBrokerImage=streambus/broker:v0.6.0',
          'extraArgs={--log-level=debug}',
          'extraEnv[0].name=NODE_OPTIONS',
          'extraEnv[0].value=--max-old-space-size=384',
          'image.digest=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
          'imagePullSecrets={registry-credentials}',
          'serviceAccount.annotations.example\\.com/role=operator',
          'metrics.service.annotations.example\\.com/scrape=enabled',
        ],
      ],
    ];

    it.each(combinations)('passes with %s', async (_name, values) => {
      let manifests = parse(template(release, ns.name, values()));
      // The prometheus-operator CRDs are not installed in the shared cluster (a test proves the
      // operator's path without them), so those kinds are checked in a cluster of their own below.
      const monitoringCrds = await client.tryGet(ResourceTypes.CustomResourceDefinition, 'servicemonitors.monitoring.coreos.com');
      if (!monitoringCrds || !(await client.tryGet(ResourceTypes.CustomResourceDefinition, 'prometheusrules.monitoring.coreos.com'))) {
        manifests = manifests.filter((m) => !MONITORING_KINDS.includes(m.kind));
      }
      const { stdout, stderr } = dryRun(manifests);
      expect(stdout.trim().split('\n')).toHaveLength(manifests.length);
      expect(stderr).not.toMatch(/would violate PodSecurity/);
    });
  });

  // A private cluster with the pinned upstream CRDs: installing them into the shared one would take
  // the "CRD absent" path away from the tests that need it.
  const upstreamCrds = process.env['E2E_UPSTREAM_CRDS'];
  const withUpstreamCrds = upstreamCrds && existsSync(join(upstreamCrds, 'monitoring.coreos.com_servicemonitors.yaml')) ? it : it.skip;
  withUpstreamCrds('renders a ServiceMonitor and a PrometheusRule that the pinned prometheus-operator CRDs accept', async () => {
    const cluster = await PrivateCluster.start(`sbchart-${suffix}`);
    try {
      const env = { ...process.env, KUBECONFIG: cluster.kubeconfigPath };
      for (const file of readdirSync(upstreamCrds!)) {
        const applied = run('kubectl', ['apply', '--server-side', '-f', join(upstreamCrds!, file)], { env });
        expect({ file, ...applied }).toMatchObject({ file, status: 0 });
      }
      for (const crd of ['servicemonitors', 'prometheusrules']) {
        expect(run('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', `crd/${crd}.monitoring.coreos.com`], { env }).status).toBe(0);
      }
      expect(run('kubectl', ['create', 'namespace', 'streambus-system'], { env }).status).toBe(0);
      const manifests = parse(template(release, 'streambus-system', MONITORING_VALUES));
      expect(manifests.filter((m) => MONITORING_KINDS.includes(m.kind)).map((m) => m.kind).sort()).toEqual(['PrometheusRule', 'ServiceMonitor']);
      const { stdout } = dryRun(manifests, env);
      expect(stdout).toMatch(/servicemonitor\.monitoring\.coreos\.com\/\S+ created \(server dry run\)/);
      expect(stdout).toMatch(/prometheusrule\.monitoring\.coreos\.com\/\S+ created \(server dry run\)/);
    } finally {
      await cluster.stop();
    }
  }, 180_000);

  describe('helm install', () => {
    beforeAll(() => {
      // CRDs are cluster-scoped and shared by parallel tests: applied server-side (idempotent), and
      // the installs skip them.
      execFileSync('kubectl', ['apply', '--server-side', '--force-conflicts', '-f', join(chart, 'crds')], { stdio: 'pipe' });
    });

    const canI = (serviceAccount: string, namespace: string, ...args: string[]): boolean =>
      run('kubectl', ['auth', 'can-i', ...args, `--as=system:serviceaccount:${namespace}:${serviceAccount}`]).stdout.trim() === 'yes';

    it('installs the ServiceAccount, cluster-wide RBAC and a Deployment that becomes available', async () => {
      const name = `${release}-cluster`;
      const notes = helm('install', name, chart, '--namespace', ns.name, '--skip-crds', '--wait', '--timeout', '120s');
      installed.push({ release: name, namespace: ns.name });
      expect(notes).toContain('kubectl get sbc');

      const fullname = `${name}-streambus-operator`;
      expect(await client.tryGet(ResourceTypes.ServiceAccount, fullname, ns.name)).toBeDefined();
      expect(await client.tryGet(ResourceTypes.ClusterRole, fullname)).toBeDefined();
      expect(await client.tryGet(ResourceTypes.ClusterRoleBinding, fullname)).toBeDefined();
      expect(await client.tryGet(ResourceTypes.Role, `${fullname}-leader-election`, ns.name)).toBeDefined();
      expect(await client.tryGet(ResourceTypes.Service, `${fullname}-metrics`, ns.name)).toBeDefined();
      // kwok marks the pod Running and Ready; that it was admitted at all proves the restricted profile.
      const deployment = await waitFor(async () => {
        const d = await client.get<V1Deployment>(ResourceTypes.Deployment, fullname, ns.name);
        return d.status?.availableReplicas === 1 && d;
      }, { description: `Deployment ${fullname} available` });
      expect(deployment.spec?.template.spec?.serviceAccountName).toBe(fullname);

      // What the ServiceAccount may do is what the operator needs, no more.
      const as = (...args: string[]) => canI(fullname, ns.name, ...args);
      expect(as('list', 'streambusclusters.streambus.io', '--all-namespaces')).toBe(true);
      expect(as('watch', 'streambusclusters.streambus.io', '-n', watchA.name)).toBe(true);
      expect(as('patch', 'streambusclusters.streambus.io', '--subresource=status', '-n', watchA.name)).toBe(true);
      expect(as('update', 'streambusclusters.streambus.io', '-n', watchA.name)).toBe(false);
      expect(as('delete', 'pods', '-n', watchA.name)).toBe(true);
      expect(as('create', 'pods', '-n', watchA.name)).toBe(false);
      expect(as('get', 'secrets', '-n', watchA.name)).toBe(true);
      expect(as('create', 'secrets', '-n', watchA.name)).toBe(false);
      expect(as('delete', 'persistentvolumeclaims', '-n', watchA.name)).toBe(false);
      expect(as('create', 'statefulsets.apps', '-n', watchA.name)).toBe(true);
      expect(as('create', 'events.events.k8s.io', '-n', watchA.name)).toBe(true);
      expect(as('create', 'leases.coordination.k8s.io', '-n', ns.name)).toBe(true);
      expect(as('create', 'leases.coordination.k8s.io', '-n', watchA.name)).toBe(false);
      expect(as('create', 'deployments.apps', '-n', ns.name)).toBe(false);
    });

    it('installs namespace-scoped RBAC that reaches only the watched namespaces', async () => {
      const name = `${release}-ns`;
      helm('install', name, chart, '--namespace', ns.name, '--skip-crds', '--set', 'rbac.scope=namespace', '--set', `watchNamespaces={${watchA.name}}`);
      installed.push({ release: name, namespace: ns.name });
      const fullname = `${name}-streambus-operator`;
      expect(await client.tryGet(ResourceTypes.ClusterRole, fullname)).toBeUndefined();
      expect(await client.tryGet(ResourceTypes.Role, fullname, watchA.name)).toBeDefined();

      const as = (...args: string[]) => canI(fullname, ns.name, ...args);
      expect(as('list', 'streambusclusters.streambus.io', '-n', watchA.name)).toBe(true);
      expect(as('list', 'streambusclusters.streambus.io', '-n', watchB.name)).toBe(false);
      expect(as('list', 'streambusclusters.streambus.io', '--all-namespaces')).toBe(false);
      expect(as('delete', 'pods', '-n', watchB.name)).toBe(false);
      expect(as('update', 'leases.coordination.k8s.io', '-n', ns.name)).toBe(true);
    });
  });

  describe('deploy/streambus-operator (the README\'s manual installation)', () => {
    it('equals a fresh render of the chart (else run: scripts/render-manifests.sh streambus-operator)', () => {
      const out = mkdtempSync(join(tmpdir(), 'streambus-manifests-'));
      try {
        execFileSync('bash', [join(repoRoot, 'scripts', 'render-manifests.sh'), 'streambus-operator', out], { stdio: 'pipe' });
        for (const file of ['crds.yaml', 'rbac.yaml', 'manager.yaml']) {
          const committed = readFileSync(join(repoRoot, 'deploy', 'streambus-operator', file), 'utf8');
          expect({ file, content: committed }).toEqual({ file, content: readFileSync(join(out, file), 'utf8') });
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it('splits the default render: CRDs, ServiceAccount and RBAC, Deployment and Service in streambus-system', () => {
      const kinds = (file: string) => parse(readFileSync(join(repoRoot, 'deploy', 'streambus-operator', file), 'utf8')).map((m) => [m.kind, m.metadata.namespace]);
      expect(kinds('crds.yaml')).toEqual([['CustomResourceDefinition', undefined]]);
      expect(kinds('rbac.yaml')).toEqual([
        ['ServiceAccount', 'streambus-system'],
        ['ClusterRole', undefined],
        ['ClusterRoleBinding', undefined],
        ['Role', 'streambus-system'],
        ['RoleBinding', 'streambus-system'],
      ]);
      expect(kinds('manager.yaml')).toEqual([
        ['Service', 'streambus-system'],
        ['Deployment', 'streambus-system'],
      ]);
    });
  });
});

interface RuleTestFile {
  rule_files: string[];
  tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
}

/** Every chart's alerts: rules/<chart>.rules.yaml and its promtool unit tests in rules/tests/. */
describe('the PrometheusRules of every chart, with the pinned promtool', () => {
  const chartsWithRules = readdirSync(join(repoRoot, 'charts'))
    .map((name) => ({ name, rules: join(repoRoot, 'charts', name, 'rules') }))
    .filter(({ rules }) => existsSync(rules));
  const ruleFilesOf = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.rules.yaml')).map((f) => join(dir, f));
  const testFilesOf = (dir: string) => (existsSync(join(dir, 'tests')) ? readdirSync(join(dir, 'tests')).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, 'tests', f)) : []);
  const alertsOf = (file: string) =>
    (loadYamlFile(file) as { groups: { rules: { alert?: string; expr: string }[] }[] }).groups.flatMap((g) => g.rules).filter((r) => r.alert);

  function promtool(...args: string[]) {
    // Built by e2e/cluster/build-binaries.sh into the bin dir the global setup puts on PATH. CI must
    // have it: a missing promtool fails here rather than passing without checking anything.
    const result = run('promtool', args);
    if (result.status === null) {
      throw new Error('promtool is not in the bin dir on PATH: run e2e/cluster/build-binaries.sh and look for its "building promtool" step');
    }
    return result;
  }

  it('finds the chart alerts', () => {
    expect(chartsWithRules.map((c) => c.name)).toContain('streambus-operator');
  });

  describe.each(chartsWithRules)('charts/$name', ({ rules }) => {
    it('passes promtool check rules', () => {
      for (const file of ruleFilesOf(rules)) {
        const result = promtool('check', 'rules', file);
        expect({ file, status: result.status, stderr: result.stderr }).toEqual({ file, status: 0, stderr: '' });
      }
    });

    it('passes its promtool unit tests (rules/tests/*.yaml)', () => {
      const tests = testFilesOf(rules);
      expect(tests.length).toBeGreaterThan(0);
      const result = promtool('test', 'rules', ...tests);
      expect({ status: result.status, output: result.stdout + result.stderr }).toEqual({ status: 0, output: expect.stringContaining('SUCCESS') });
    });

    it('tests every alert both firing and staying quiet', () => {
      const cases = testFilesOf(rules).flatMap((file) => (loadYamlFile(file) as RuleTestFile).tests.flatMap((t) => t.alert_rule_test ?? []));
      for (const alert of ruleFilesOf(rules).flatMap(alertsOf)) {
        const mine = cases.filter((c) => c.alertname === alert.alert);
        expect({ alert: alert.alert, fires: mine.some((c) => (c.exp_alerts ?? []).length > 0), quiet: mine.some((c) => (c.exp_alerts ?? []).length === 0) }).toEqual({
          alert: alert.alert,
          fires: true,
          quiet: true,
        });
      }
    });

    it('has unit tests that fail when an alert can never fire', () => {
      // Each alert in turn is replaced by one that never fires; the unit tests must notice.
      for (const file of ruleFilesOf(rules)) {
        for (const alert of alertsOf(file)) {
          const dir = mkdtempSync(join(tmpdir(), 'rules-mutant-'));
          try {
            cpSync(rules, dir, { recursive: true });
            const mutant = loadYamlFile(file) as { groups: { rules: { alert?: string; expr: string }[] }[] };
            for (const rule of mutant.groups.flatMap((g) => g.rules)) if (rule.alert === alert.alert) rule.expr = 'vector(1) == 0';
            writeFileSync(join(dir, file.slice(rules.length + 1)), dumpYaml(mutant));
            const result = promtool('test', 'rules', ...testFilesOf(dir));
            expect({ alert: alert.alert, failed: result.status !== 0 }).toEqual({ alert: alert.alert, failed: true });
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        }
      }
    });
  });
});
