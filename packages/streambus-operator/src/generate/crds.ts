// The CRD, the API reference and the chart's RBAC rules, generated from the TypeBox schema and
// src/rbac.ts (`npx nx run streambus-operator:generate`; `--check` lists stale files and exits 1).
// The unit test runs the same check, so a stale file fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operatorArtifacts, runArtifactsCommand } from '@operators/k8s-common';
import { streamBusClusterCrd } from '../api/v1alpha1/streambuscluster.ts';
import { leaderElectionRules, operatorRules } from '../rbac.ts';

export const artifacts = operatorArtifacts({
  repoRoot: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'),
  operator: 'streambus-operator',
  apiDocs: 'streambus-api.md',
  crds: [streamBusClusterCrd],
  source: 'packages/streambus-operator/src/api/v1alpha1/streambuscluster.ts',
  rules: { 'rbac-rules.yaml': operatorRules, 'leader-election-rules.yaml': leaderElectionRules },
  rulesSource: 'packages/streambus-operator/src/rbac.ts',
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await runArtifactsCommand(artifacts, 'streambus-operator');
