// What every operator package generates from its code and commits, with one test that fails
// when it is stale: its CRDs (chart `crds/`), the API reference (`docs/<name>-api.md`) and the
// chart's RBAC rule files (`files/*.yaml`). An operator's `src/generate/crds.ts` declares its
// artifacts with this and runs `runArtifactsCommand` as `nx run <op>:generate`.
import { join } from 'node:path';
import type { PolicyRule } from '../rbac/policy-rules.ts';
import { renderPolicyRulesYaml } from '../rbac/policy-rules.ts';
import { syncCrdArtifacts, syncGeneratedFiles } from './generate.ts';
import { toCrd, type CustomResourceDefinitionInput } from './to-crd.ts';

export interface OperatorArtifactsOptions {
  /** The repository root (the operator's files are found from it). */
  repoRoot: string;
  /** The operator package and chart name, e.g. `streambus-operator`. */
  operator: string;
  /** The API reference's file name in docs/, e.g. `streambus-api.md`. */
  apiDocs: string;
  crds: readonly CustomResourceDefinitionInput[];
  /** The file the CRDs come from, named in the generated files' headers. */
  source: string;
  /** The chart's rule files: `files/<name>` → rules (e.g. `rbac-rules.yaml`, `leader-election-rules.yaml`). */
  rules: Readonly<Record<string, readonly PolicyRule[]>>;
  /** The file the rules come from, named in the generated files' headers. */
  rulesSource: string;
}

export interface OperatorArtifacts {
  /** Writes what is stale (or, with `check`, only lists it); returns the stale files. */
  sync(check: boolean): Promise<string[]>;
}

export function operatorArtifacts(options: OperatorArtifactsOptions): OperatorArtifacts {
  const chart = join(options.repoRoot, 'charts', options.operator);
  const crds = options.crds.map(toCrd);
  const ruleFiles = Object.fromEntries(
    Object.entries(options.rules).map(([file, rules]) => [join(chart, 'files', file), renderPolicyRulesYaml(rules, { source: options.rulesSource })]),
  );
  return {
    async sync(check) {
      const stale = await syncCrdArtifacts({ crds, crdDir: join(chart, 'crds'), docsFile: join(options.repoRoot, 'docs', options.apiDocs), source: options.source, check });
      return [...stale, ...(await syncGeneratedFiles(ruleFiles, { check }))];
    },
  };
}

/** `nx run <op>:generate`: writes the artifacts; with `--check`, lists stale ones and exits 1. */
export async function runArtifactsCommand(artifacts: OperatorArtifacts, operator: string, argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const check = argv.includes('--check');
  const files = await artifacts.sync(check);
  if (check && files.length) {
    console.error(`stale generated files (run npx nx run ${operator}:generate):\n${files.join('\n')}`);
    process.exit(1);
  }
  console.log(check ? 'generated files are up to date' : `wrote ${files.length ? files.join(', ') : 'nothing (up to date)'}`);
}
