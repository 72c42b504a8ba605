// Writes the generated CRD into the chart and the API reference into docs/ (run after changing
// the schema: `npx nx run streambus-operator:generate`); with --check, lists stale files and
// exits 1 instead. The unit test runs the same check, so a stale CRD fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syncCrdArtifacts, syncGeneratedFiles, toCrd } from '@operators/k8s-common';
import { streamBusClusterCrd } from '../api/v1alpha1/streambuscluster.ts';
import { leaderElectionRules, operatorRules, renderRulesYaml } from '../rbac.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export const crdArtifacts = {
  crds: [toCrd(streamBusClusterCrd)],
  crdDir: join(repoRoot, 'charts', 'streambus-operator', 'crds'),
  docsFile: join(repoRoot, 'docs', 'streambus-api.md'),
  source: 'packages/streambus-operator/src/api/v1alpha1/streambuscluster.ts',
};

/** The chart's RBAC rules, generated from src/rbac.ts. */
export const rbacArtifacts: Record<string, string> = {
  [join(repoRoot, 'charts', 'streambus-operator', 'files', 'rbac-rules.yaml')]: renderRulesYaml(operatorRules),
  [join(repoRoot, 'charts', 'streambus-operator', 'files', 'leader-election-rules.yaml')]: renderRulesYaml(leaderElectionRules),
};

/** Writes (or, with check, lists) the RBAC files that differ from src/rbac.ts. */
export function syncRbacArtifacts(check: boolean): Promise<string[]> {
  return syncGeneratedFiles(rbacArtifacts, { check });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const files = [...(await syncCrdArtifacts({ ...crdArtifacts, check })), ...(await syncRbacArtifacts(check))];
  if (check && files.length) {
    console.error(`stale generated files (run npx nx run streambus-operator:generate):\n${files.join('\n')}`);
    process.exit(1);
  }
  console.log(check ? 'generated files are up to date' : `wrote ${files.length ? files.join(', ') : 'nothing (up to date)'}`);
}
