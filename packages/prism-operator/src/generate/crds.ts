// The CRDs, the API reference and the chart's RBAC rules, generated from the TypeBox schemas and
// src/rbac.ts (`npx nx run prism-operator:generate`; `--check` lists stale files and exits 1).
// The unit test runs the same check, so a stale file fails the tests.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { operatorArtifacts, runArtifactsCommand } from '@operators/k8s-common';
import { prismBackendCrd } from '../api/v1alpha1/prismbackend.ts';
import { prismNamespaceCrd } from '../api/v1alpha1/prismnamespace.ts';
import { prismPatternCrd } from '../api/v1alpha1/prismpattern.ts';
import { prismStackCrd } from '../api/v1alpha1/prismstack.ts';
import { leaderElectionRules, operatorRules, tenancyRules } from '../rbac.ts';

export const artifacts = operatorArtifacts({
  repoRoot: join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..'),
  operator: 'prism-operator',
  apiDocs: 'prism-api.md',
  crds: [prismStackCrd, prismPatternCrd, prismBackendCrd, prismNamespaceCrd],
  source: 'packages/prism-operator/src/api/v1alpha1/',
  rules: { 'rbac-rules.yaml': operatorRules, 'leader-election-rules.yaml': leaderElectionRules, 'tenancy-rules.yaml': tenancyRules },
  rulesSource: 'packages/prism-operator/src/rbac.ts',
});

if (process.argv[1] === fileURLToPath(import.meta.url)) await runArtifactsCommand(artifacts, 'prism-operator');
