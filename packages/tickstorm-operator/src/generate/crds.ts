// The CRD, the API reference and the chart's RBAC rules, generated from the TypeBox schema and
// src/rbac.ts (`npx nx run tickstorm-operator:generate`; `--check` lists stale files and exits 1).
// The unit test runs the same check, so a stale file fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operatorArtifacts, runArtifactsCommand } from '@operators/k8s-common';
import { tickStormCrd } from '../api/v1alpha1/tickstorm.ts';
import { leaderElectionRules, operatorRules } from '../rbac.ts';

export const artifacts = operatorArtifacts({
  repoRoot: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'),
  operator: 'tickstorm-operator',
  apiDocs: 'tickstorm-api.md',
  crds: [tickStormCrd],
  source: 'packages/tickstorm-operator/src/api/v1alpha1/tickstorm.ts',
  rules: { 'rbac-rules.yaml': operatorRules, 'leader-election-rules.yaml': leaderElectionRules },
  rulesSource: 'packages/tickstorm-operator/src/rbac.ts',
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await runArtifactsCommand(artifacts, 'tickstorm-operator');
