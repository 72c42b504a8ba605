// The operator generator, end to end: run into a copy of this workspace, the new operator must
// lint, typecheck, pass its unit tests and build; its chart must lint strictly, render and pass a
// server-side dry run, its alerts their promtool tests; and its own e2e suite must pass against
// this cluster (the example reconciled to Ready with the chart's RBAC, a rollout, drift, no
// steady-state writes) — all before anything is added to it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import { dirname, join } from 'node:path';
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
  // The installed packages are shared; the workspace's own (@operators/*) point into the copy.
  mkdirSync(join(copy, 'node_modules', '@operators'), { recursive: true });
  for (const entry of readdirSync(join(repoRoot, 'node_modules'))) {
    if (entry !== '@operators') symlinkSync(join(repoRoot, 'node_modules', entry), join(copy, 'node_modules', entry));
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

  beforeAll(() => {
    workspace = copyWorkspace();
    run(workspace, 'npx', ['nx', 'g', '@operators/generator:operator', 'gizmo', '--group', 'gizmo.example.com', '--kind', 'Gadget', '--skip-install', '--no-interactive'], nxEnv);
  }, 300_000);
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('lints, typechecks, passes its unit tests and builds', () => {
    const output = run(workspace, 'npx', ['nx', 'run-many', '-t', 'lint', 'typecheck', 'test', 'build', '-p', 'gizmo-operator', 'e2e', '--output-style=static'], nxEnv);
    expect(output).toMatch(/Successfully ran targets lint, typecheck, test, build for 2 projects/);
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

  it('its own e2e suite passes against this cluster', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, E2E_WORKERS: '1' };
    delete env.CLUSTER_PROVIDER; // KUBECONFIG set and no provider: the suite uses this cluster as it is
    const output = run(workspace, process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', '-c', 'e2e/jest.config.js', 'e2e/src/gizmo'], env);
    expect(output).toMatch(/Tests:\s+5 passed, 5 total/);
  }, 600_000);
});
