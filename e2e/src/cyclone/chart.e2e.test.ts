// The cyclone-operator chart against the local cluster: lint, server-side dry-runs of its RBAC
// scopes (the node reader is cluster-wide in both), and the committed deploy/cyclone-operator
// manifests of the seed's "Install CRDs, install operator" path. The chart's alerts are checked with
// promtool by the streambus chart suite, which runs every chart's rules/tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import { repoRoot } from '../support/operator-process.ts';

const chart = join(repoRoot, 'charts', 'cyclone-operator');
const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: unknown[];
}

function run(command: string, args: string[], input?: string) {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

const template = (values: string[] = []) =>
  run('helm', ['template', 'cyclone-operator', chart, '--namespace', 'cyclone-system', '--kube-version', KUBE_VERSION, ...values.flatMap((v) => ['--set', v])]);
const parse = (yaml: string) => (loadAllYaml(yaml) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);
const generatedRules = (file: string) => loadYaml(readFileSync(join(chart, 'files', file), 'utf8'));

describe('the cyclone-operator chart', () => {
  // The dry runs check namespaced objects against a namespace that exists.
  beforeAll(() => {
    if (spawnSync('kubectl', ['get', 'namespace', 'cyclone-system']).status !== 0) run('kubectl', ['create', 'namespace', 'cyclone-system']);
  });
  afterAll(() => {
    run('kubectl', ['delete', 'namespace', 'cyclone-system', '--wait=false']);
  });

  it('passes helm lint --strict', () => {
    run('helm', ['lint', '--strict', chart]);
  });

  it.each([[[]], [['rbac.scope=namespace', 'watchNamespaces={cyclone-system}']], [['metrics.serviceMonitor.enabled=false', 'replicaCount=2']]])('renders what the API server accepts (%j)', (values) => {
    run('kubectl', ['apply', '--dry-run=server', '-f', '-'], template(values));
  });

  it('reads nodes cluster-wide in both RBAC scopes, with exactly the generated rules', () => {
    for (const values of [[], ['rbac.scope=namespace', 'watchNamespaces={team-a}']]) {
      const nodeRoles = parse(template(values)).filter((m) => m.kind === 'ClusterRole' && m.metadata.name.endsWith('-nodes'));
      expect(nodeRoles.map((m) => [m.metadata.name, m.rules])).toEqual([['cyclone-operator-cyclone-system-nodes', generatedRules('node-rules.yaml')]]);
    }
    const roles = parse(template(['rbac.scope=namespace', 'watchNamespaces={team-a}'])).filter((m) => m.kind === 'Role' && m.metadata.namespace === 'team-a');
    expect(roles.map((m) => m.rules)).toEqual([generatedRules('rbac-rules.yaml')]);
  });

  describe('deploy/cyclone-operator (the seed\'s "Install CRDs, install operator")', () => {
    it('equals a fresh render of the chart (else run: scripts/render-manifests.sh cyclone-operator)', () => {
      const out = mkdtempSync(join(tmpdir(), 'cyclone-manifests-'));
      try {
        execFileSync('bash', [join(repoRoot, 'scripts', 'render-manifests.sh'), 'cyclone-operator', out], { stdio: 'pipe' });
        for (const file of ['crds.yaml', 'rbac.yaml', 'manager.yaml']) {
          const committed = readFileSync(join(repoRoot, 'deploy', 'cyclone-operator', file), 'utf8');
          expect({ file, content: committed }).toEqual({ file, content: readFileSync(join(out, file), 'utf8') });
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it('applies on the cluster as the seed does it (server-side dry run)', () => {
      const files = ['crds.yaml', 'rbac.yaml', 'manager.yaml'].map((file) => readFileSync(join(repoRoot, 'deploy', 'cyclone-operator', file), 'utf8'));
      run('kubectl', ['apply', '--dry-run=server', '-f', '-'], files.join('\n---\n'));
    });
  });
});
