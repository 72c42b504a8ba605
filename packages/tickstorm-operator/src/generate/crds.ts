// Writes the generated CRD into the chart and the API reference into docs/ (run after changing the
// schema: `npx nx run tickstorm-operator:generate`); with --check, lists stale files and exits 1
// instead. The unit test runs the same check, so a stale CRD fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncCrdArtifacts, toCrd } from '@operators/k8s-common';
import { tickStormCrd } from '../api/v1alpha1/tickstorm.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const crdArtifacts = {
  crds: [toCrd(tickStormCrd)],
  crdDir: join(repoRoot, 'charts', 'tickstorm-operator', 'crds'),
  docsFile: join(repoRoot, 'docs', 'tickstorm-api.md'),
  source: 'packages/tickstorm-operator/src/api/v1alpha1/tickstorm.ts',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const files = await syncCrdArtifacts({ ...crdArtifacts, check });
  if (check && files.length) {
    console.error(`stale generated files (run npx nx run tickstorm-operator:generate):\n${files.join('\n')}`);
    process.exit(1);
  }
  console.log(check ? 'generated files are up to date' : `wrote ${files.length ? files.join(', ') : 'nothing (up to date)'}`);
}
