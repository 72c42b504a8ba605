// The release artifacts' own checks can fail: the OLM bundle's validation (the Operator Framework's
// validators, in bundle-validate) rejects a ClusterServiceVersion that does not match its CRDs, and
// the Artifact Hub annotations' staleness check sees a Chart.yaml that no longer matches the
// sources. No cluster needed; in the e2e suite because both need the pinned binaries (helm,
// bundle-validate) that its globalSetup puts on PATH.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { repoRoot } from '../support/operator-process.ts';

const OPERATOR = 'tickstorm-operator';

interface Csv {
  spec: { customresourcedefinitions: { owned: { version: string }[] } };
}

describe('the OLM bundle', () => {
  let work: string;
  beforeAll(() => {
    execFileSync('node', [join(repoRoot, 'scripts', 'release', 'olm-bundle.mjs'), OPERATOR], { cwd: repoRoot, stdio: 'pipe' });
    work = mkdtempSync(join(tmpdir(), 'bundle-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const validate = (dir: string) => spawnSync('bundle-validate', ['-k8s-version', '1.36', dir], { encoding: 'utf8' });

  it('as written passes the Operator Framework validation', () => {
    const result = validate(join(repoRoot, 'dist', 'bundles', OPERATOR));
    expect({ status: result.status, errors: result.stdout.split('\n').filter((l) => l.includes(': error:')) }).toEqual({ status: 0, errors: [] });
  });

  it('fails it when the ClusterServiceVersion owns a CRD version the bundle lacks', () => {
    const copy = join(work, 'bad');
    cpSync(join(repoRoot, 'dist', 'bundles', OPERATOR), copy, { recursive: true });
    const csvFile = join(copy, 'manifests', `${OPERATOR}.clusterserviceversion.yaml`);
    const csv = load(readFileSync(csvFile, 'utf8')) as Csv;
    csv.spec.customresourcedefinitions.owned[0]!.version = 'v9';
    writeFileSync(csvFile, dump(csv));
    const result = validate(copy);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/owned CRD .*v9.* not found in bundle/);
  });
});

describe('the Artifact Hub annotations', () => {
  let chart: string;
  beforeAll(() => {
    chart = join(mkdtempSync(join(tmpdir(), 'chart-')), OPERATOR);
    cpSync(join(repoRoot, 'charts', OPERATOR), chart, { recursive: true });
  });
  afterAll(() => rmSync(join(chart, '..'), { recursive: true, force: true }));
  const check = (dir: string) => spawnSync('node', [join(repoRoot, 'scripts', 'release', 'artifacthub-annotations.mjs'), OPERATOR, '--check', dir], { encoding: 'utf8' });

  it('in the repository are current', () => {
    expect(check(join(repoRoot, 'charts', OPERATOR)).status).toBe(0);
  });

  it('are stale once the CRDs say something else', () => {
    const crdFile = join(chart, 'crds', 'tickstorm.io_tickstorms.yaml');
    const crd = readFileSync(crdFile, 'utf8');
    writeFileSync(crdFile, crd.replace('A Tick-Storm TCP stream server', 'A renamed server'));
    expect(readFileSync(crdFile, 'utf8')).not.toBe(crd);
    const result = check(chart);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/annotations are stale; run: npx nx run tickstorm-operator:chart-annotations/);
  });
});
