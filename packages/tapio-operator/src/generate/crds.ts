// The CRDs, the API reference and the chart's RBAC rules, generated from the TypeBox schemas and
// src/rbac.ts (`npx nx run tapio-operator:generate`; `--check` lists stale files and exits 1).
// The unit test runs the same check, so a stale file fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operatorArtifacts, runArtifactsCommand } from '@operators/k8s-common';
import { tapioClusterCrd } from '../api/v1alpha1/tapiocluster.ts';
import { tapioCollectorCrd } from '../api/v1alpha1/tapiocollector.ts';
import { tapioIntelligenceCrd } from '../api/v1alpha1/tapiointelligence.ts';
import { leaderElectionRules, operatorRules } from '../rbac.ts';

export const artifacts = operatorArtifacts({
  repoRoot: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'),
  operator: 'tapio-operator',
  apiDocs: 'tapio-api.md',
  crds: [tapioClusterCrd, tapioCollectorCrd, tapioIntelligenceCrd],
  source: 'packages/tapio-operator/src/api/v1alpha1/',
  rules: { 'rbac-rules.yaml': operatorRules, 'leader-election-rules.yaml': leaderElectionRules },
  rulesSource: 'packages/tapio-operator/src/rbac.ts',
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await runArtifactsCommand(artifacts, 'tapio-operator');
