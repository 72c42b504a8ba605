// Writes the generated CRDs into the chart and the API reference into docs/ (run after changing a
// schema: `npx nx run prism-operator:generate`); with --check, lists stale files and exits 1
// instead. The unit test runs the same check, so a stale CRD fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncCrdArtifacts, toCrd } from '@operators/k8s-common';
import { prismBackendCrd } from '../api/v1alpha1/prismbackend.ts';
import { prismNamespaceCrd } from '../api/v1alpha1/prismnamespace.ts';
import { prismPatternCrd } from '../api/v1alpha1/prismpattern.ts';
import { prismStackCrd } from '../api/v1alpha1/prismstack.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const crdArtifacts = {
  crds: [prismStackCrd, prismPatternCrd, prismBackendCrd, prismNamespaceCrd].map((input) => toCrd(input)),
  crdDir: join(repoRoot, 'charts', 'prism-operator', 'crds'),
  docsFile: join(repoRoot, 'docs', 'prism-api.md'),
  source: 'packages/prism-operator/src/api/v1alpha1/',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const files = await syncCrdArtifacts({ ...crdArtifacts, check });
  if (check && files.length) {
    console.error(`stale generated files (run npx nx run prism-operator:generate):\n${files.join('\n')}`);
    process.exit(1);
  }
  console.log(check ? 'generated files are up to date' : `wrote ${files.length ? files.join(', ') : 'nothing (up to date)'}`);
}
