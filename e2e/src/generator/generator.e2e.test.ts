// The operator generator, end to end: run into a copy of this workspace, the new operator must
// lint, typecheck, pass its unit tests and build; its chart must lint strictly, render and pass a
// server-side dry run, its alerts their promtool tests; its release targets must work as every
// operator's do (check-chart with its example values and generated Artifact Hub annotations, its
// OLM bundle written and validated, its own release group, its own e2e project that `nx affected`
// finds); and its e2e target (its suite, and its image run as its chart and its bundle install it)
// must pass against this cluster (the example reconciled to Ready with the chart's RBAC, a rollout,
// drift, no steady-state writes) — all before anything is added to it.
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import { delimiter, dirname, join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { repoRoot } from '../support/operator-process.ts';

const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;

/** The tracked and untracked (not ignored) files of the workspace, copied; node_modules linked entry by entry. */
function copyWorkspace(): string {
  const copy = mkdtempSync(join(tmpdir(), 'generator-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(copy, file), { verbatimSymlinks: true });
  }
  // The installed packages are shared; the workspace's own (@operators/*) point into the copy. npm's
  // record of node_modules (.package-lock.json) is not linked: npm in the copy would write it.
  mkdirSync(join(copy, 'node_modules', '@operators'), { recursive: true });
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    if (entry !== '@operators' && entry !== '.package-lock.json') symlinkSync(join(repoRoot, 'node_modules', entry), join(copy, 'node_modules', entry));
  }
  for (const [pkg, dir] of [['k8s-common', 'libs/k8s-common'], ['e2e', 'e2e'], ['generator', 'tools/operator-generator']]) {
    symlinkSync(join(copy, dir!), join(copy, 'node_modules', '@operators', pkg!));
  }
  return copy;
}

/** Runs a command to its end; throws with the tail of its output unless it exits 0. Returns stdout and stderr together. */
function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  // Without colours, so the output reads (and matches) as text.
  const output = stripVTControlCharacters(`${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${output.slice(-12000)}`);
  return output;
}

describe('operator generator', () => {
  let workspace: string;
  const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_NX_CACHE: 'true' };

  const git = (...args: string[]) => run(workspace, 'git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', ...args]);

  beforeAll(() => {
    workspace = copyWorkspace();
    run(workspace, 'npx', ['nx', 'g', '@operators/generator:operator', 'gizmo', '--group', 'gizmo.example.com', '--kind', 'Gadget', '--skip-install', '--no-interactive'], nxEnv);
    // What the generator's npm install records without --skip-install: the new workspace package in
    // the lock file, which the image's `npm ci --workspace` reads (node_modules is shared, so untouched).
    run(workspace, 'npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund']);
    // A repository of its own, for nx affected and nx release.
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'chore: the workspace with the generated gizmo operator');
  }, 300_000);
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('lints, typechecks, passes its unit tests and builds', () => {
    const output = run(workspace, 'npx', ['nx', 'run-many', '-t', 'lint', 'typecheck', 'test', 'build', '-p', 'gizmo-operator', 'gizmo-e2e', 'e2e', '--output-style=static'], nxEnv);
    expect(output).toMatch(/Successfully ran targets lint, typecheck, test, build for 3 projects/);
  }, 600_000);

  it('made the CRD and the RBAC files from the code, and vendored the library chart', () => {
    const chart = join(workspace, 'charts', 'gizmo-operator');
    expect(readdirSync(join(chart, 'crds'))).toEqual(['gizmo.example.com_gadgets.yaml']);
    expect(readdirSync(join(chart, 'files')).sort()).toEqual(['leader-election-rules.yaml', 'rbac-rules.yaml']);
    expect(readdirSync(join(chart, 'charts'))).toEqual([expect.stringMatching(/^operator-common-.*\.tgz$/)]);
    expect(readFileSync(join(workspace, 'docs', 'gizmo-api.md'), 'utf8')).toContain('Gadget');
  });

  it('its chart lints strictly, renders, and passes a server-side dry run; its alerts pass promtool', () => {
    const chart = join(workspace, 'charts', 'gizmo-operator');
    run(workspace, 'helm', ['lint', '--strict', chart, '--kube-version', KUBE_VERSION]);
    const rendered = run(workspace, 'helm', ['template', 'gizmo', chart, '--namespace', 'default', '--kube-version', KUBE_VERSION, '--set', 'prometheusRule.enabled=true', '--set', 'grafanaDashboard.enabled=true']);
    const crds = readdirSync(join(chart, 'crds')).map((f) => join(chart, 'crds', f));
    for (const crd of crds) run(workspace, 'kubectl', ['apply', '--dry-run=server', '-f', crd]);
    const withoutMonitoring = rendered.split(/^---$/m).filter((doc) => !/^kind: PrometheusRule$/m.test(doc)).join('---\n');
    const result = spawnSync('kubectl', ['apply', '--dry-run=server', '-f', '-'], { input: withoutMonitoring, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const tests = readdirSync(join(chart, 'rules', 'tests')).map((f) => join(chart, 'rules', 'tests', f));
    expect(run(workspace, 'promtool', ['test', 'rules', ...tests])).toMatch(/SUCCESS/);
  });

  it("its chart passes check-chart: every example values file, and Artifact Hub annotations generated from its CRD and example", () => {
    const output = run(workspace, 'npx', ['nx', 'run', 'gizmo-operator:check-chart', '--output-style=static'], nxEnv);
    expect(output).toMatch(/charts\/gizmo-operator\/ci\/ha-monitoring-values\.yaml: valid/);
    expect(output).toMatch(/charts\/gizmo-operator\/ci\/namespaced-values\.yaml: valid/);
    const { annotations } = loadYaml(readFileSync(join(workspace, 'charts', 'gizmo-operator', 'Chart.yaml'), 'utf8')) as { annotations: Record<string, string> };
    expect(loadYaml(annotations['artifacthub.io/crds']!)).toEqual([expect.objectContaining({ kind: 'Gadget', version: 'v1alpha1', name: 'gadgets.gizmo.example.com' })]);
    expect(loadYaml(annotations['artifacthub.io/crdsExamples']!)).toEqual([expect.objectContaining({ apiVersion: 'gizmo.example.com/v1alpha1', kind: 'Gadget' })]);
  }, 120_000);

  it('its OLM bundle is written and, where bundle-validate is built, passes the Operator Framework validation', () => {
    const validator = (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'bundle-validate')));
    const output = run(workspace, 'npx', ['nx', 'run', 'gizmo-operator:bundle', '--output-style=static'], validator ? nxEnv : { ...nxEnv, BUNDLE_VALIDATE: 'skip' });
    const bundle = join(workspace, 'dist', 'bundles', 'gizmo-operator');
    expect(readdirSync(join(bundle, 'manifests')).sort()).toEqual(['gadgets.gizmo.example.com.yaml', 'gizmo-operator.clusterserviceversion.yaml']);
    if (validator) expect(output).toMatch(/dist\/bundles\/gizmo-operator: valid/);
  }, 120_000);

  it('a change to the operator affects its own e2e project and no other suite', () => {
    appendFileSync(join(workspace, 'packages', 'gizmo-operator', 'src', 'index.ts'), '\n// a change\n');
    git('commit', '-q', '-am', 'feat(gizmo-operator): a feature');
    const affected = (...args: string[]) => run(workspace, 'npx', ['nx', 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', ...args], nxEnv).split('\n').map((l) => l.trim()).filter(Boolean).sort();
    expect(affected()).toEqual(['gizmo-e2e', 'gizmo-operator']);
    expect(affected('-t', 'e2e')).toEqual(['gizmo-e2e']);
  }, 120_000);

  it('is released on its own: its release group versions it alone, package and chart in step', () => {
    const output = run(workspace, 'npx', ['nx', 'release', '--groups', 'gizmo', '--dry-run'], nxEnv);
    expect([...output.matchAll(/Running release version for project: (\S+)/g)].map((m) => m[1])).toEqual(['gizmo-operator']);
    const version = /New version (\S+) written to packages\/gizmo-operator\/package\.json/.exec(output)?.[1];
    expect(version).toMatch(/^0\.(1\.[1-9]|2\.0)$/);
    expect(output).toContain(`Chart version and appVersion ${version} written to charts/gizmo-operator/Chart.yaml`);
  }, 120_000);

  it('its e2e target (its suite, and its image installed by its chart and by its bundle) passes against this cluster', () => {
    const env: NodeJS.ProcessEnv = { ...nxEnv, E2E_WORKERS: '1' };
    delete env.CLUSTER_PROVIDER; // KUBECONFIG set and no provider: the suite uses this cluster as it is
    // `nx e2e gizmo-e2e`: builds the image first, then runs e2e/src/gizmo and the image test's gizmo case.
    const output = run(workspace, 'npx', ['nx', 'e2e', 'gizmo-e2e', '--output-style=static'], env);
    expect(output).toMatch(/PASS .*e2e\/src\/gizmo\/gizmo\.e2e\.test\.ts/);
    expect(output).toMatch(/PASS .*e2e\/src\/images\/operator-images\.e2e\.test\.ts/);
    // Its suite's 5, and the image's 3 for each installer: found in packages/, no line added for it.
    expect(output).toMatch(/Tests:\s+11 passed, 11 total/);
  }, 1_200_000);
});
