// Writes the generated CRDs into the chart and the API reference into docs/ (run after changing a
// schema: `npx nx run tapio-operator:generate`); with --check, lists stale files and exits 1 instead.
// The unit test runs the same check, so a stale CRD fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncCrdArtifacts, toCrd } from '@operators/k8s-common';
import { tapioClusterCrd } from '../api/v1alpha1/tapiocluster.ts';
import { tapioCollectorCrd } from '../api/v1alpha1/tapiocollector.ts';
import { tapioIntelligenceCrd } from '../api/v1alpha1/tapiointelligence.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const crdArtifacts = {
  crds: [toCrd(tapioClusterCrd), toCrd(tapioCollectorCrd), toCrd(tapioIntelligenceCrd)],
  crdDir: join(repoRoot, 'charts', 'tapio-operator', 'crds'),
  docsFile: join(repoRoot, 'docs', 'tapio-api.md'),
  source: 'packages/tapio-operator/src/api/v1alpha1/',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const files = await syncCrdArtifacts({ ...crdArtifacts, check });
  if (check && files.length) {
    console.error(`stale generated files (run npx nx run tapio-operator:generate):\n${files.join('\n')}`);
    process.exit(1);
  }
  console.log(check ? 'generated files are up to date' : `wrote ${files.length ? files.join(', ') : 'nothing (up to date)'}`);
}
