// The CRD, the API reference and the chart's RBAC rules, generated from the TypeBox schema and
// src/rbac.ts (`npx nx run cyclone-operator:generate`; `--check` lists stale files and exits 1).
// The unit test runs the same check, so a stale file fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operatorArtifacts, runArtifactsCommand } from '@operators/k8s-common';
import { cycloneAppCrd } from '../api/v1/cycloneapp.ts';
import { leaderElectionRules, nodeRules, operatorRules } from '../rbac.ts';

export const artifacts = operatorArtifacts({
  repoRoot: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'),
  operator: 'cyclone-operator',
  apiDocs: 'cyclone-api.md',
  crds: [cycloneAppCrd],
  source: 'packages/cyclone-operator/src/api/v1/cycloneapp.ts',
  rules: { 'rbac-rules.yaml': operatorRules, 'node-rules.yaml': nodeRules, 'leader-election-rules.yaml': leaderElectionRules },
  rulesSource: 'packages/cyclone-operator/src/rbac.ts',
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await runArtifactsCommand(artifacts, 'cyclone-operator');
