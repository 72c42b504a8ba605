// `npx nx g @operators/generator:operator <name> --group <group> --kind <Kind>`: a new operator
// package on the kit (libs/k8s-common), its chart on the library chart (charts/operator-common),
// an e2e suite on the shared operator-process setup, and docs; registered in the README table,
// the lint module boundaries and the e2e project. The result builds, lints, passes its tests and
// reconciles its example on the local cluster before anything is added to it (the generator's
// e2e test checks exactly that in a copy of the workspace).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateFiles, updateJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { operatorNames, type OperatorNames, type OperatorOptions } from './names.ts';

const TEMPLATES = fileURLToPath(new URL('./files', import.meta.url));

export interface GeneratorOptions extends OperatorOptions {
  /** Do not run npm install afterwards. */
  skipInstall?: boolean;
  /** Into an operator package begun by hand: write only the files it does not have yet. */
  skipExisting?: boolean;
}

export default async function operatorGenerator(tree: Tree, options: GeneratorOptions): Promise<GeneratorCallback> {
  const names = operatorNames(options);
  if (!options.skipExisting && tree.exists(`packages/${names.operatorName}/project.json`)) {
    throw new Error(`packages/${names.operatorName} exists already (--skip-existing adds only the files it lacks)`);
  }
  // With --skip-existing, what the package already has is put back after the templates are written.
  const existing = options.skipExisting ? readAll(tree, [`packages/${names.operatorName}`, `charts/${names.operatorName}`, `e2e/src/${names.name}`, `docs/${names.name}.md`]) : new Map<string, Buffer>();
  generateFiles(tree, TEMPLATES, '.', { ...names, tmpl: '' });
  for (const [path, content] of existing) tree.write(path, content);
  registerInReadme(tree, names);
  registerModuleBoundary(tree, names);
  updateJson(tree, 'e2e/project.json', (project: { implicitDependencies?: string[] }) => {
    project.implicitDependencies = [...new Set([...(project.implicitDependencies ?? []), names.operatorName])];
    return project;
  });
  // After the files are written: link the new workspace package (and record it in the lock file),
  // generate the CRD, API reference and RBAC files from the code, and vendor the library chart.
  return () => {
    const root = tree.root;
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
    if (!options.skipInstall) run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts']);
    run(process.execPath, ['--conditions=development', `packages/${names.operatorName}/src/generate/crds.ts`]);
    run('bash', ['scripts/chart-dependencies.sh']);
  };
}

/** Every file below `roots` (files or folders), with its content. */
function readAll(tree: Tree, roots: string[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (path: string): void => {
    if (!tree.exists(path)) return;
    if (tree.isFile(path)) files.set(path, tree.read(path)!);
    else for (const child of tree.children(path)) visit(`${path}/${child}`);
  };
  roots.forEach(visit);
  return files;
}

/** The README's operator table gets a row for the new package (once). */
export function registerInReadme(tree: Tree, names: OperatorNames): void {
  if (!tree.exists('README.md')) return;
  const readme = tree.read('README.md', 'utf8')!;
  if (readme.includes(`\`packages/${names.operatorName}\``)) return;
  const lines = readme.split('\n');
  const header = lines.findIndex((line) => line.startsWith('| package | operator |'));
  if (header < 0) throw new Error('README.md has no "| package | operator | ..." table to register the operator in');
  let end = header + 2;
  while (lines[end]?.startsWith('|')) end++;
  lines.splice(end, 0, `| \`packages/${names.operatorName}\` | ${names.displayName} | \`${names.kind}\` (${names.group}/${names.version}) |`);
  tree.write('README.md', lines.join('\n'));
}

/** The lint rule that keeps operators apart gets the new scope: it may use shared libraries only. */
export function registerModuleBoundary(tree: Tree, names: OperatorNames): void {
  const config = tree.read('eslint.config.js', 'utf8');
  if (!config) throw new Error('eslint.config.js not found');
  const scope = `scope:${names.name}`;
  if (config.includes(`'${scope}'`)) return;
  const anchor = "{ sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },";
  if (!config.includes(anchor)) throw new Error(`eslint.config.js has no "${anchor}" line to add ${scope} after`);
  const indent = /^( *)\{ sourceTag: 'scope:shared'/m.exec(config)![1]!;
  tree.write('eslint.config.js', config.replace(anchor, `${anchor}\n${indent}{ sourceTag: '${scope}', onlyDependOnLibsWithTags: ['scope:shared', '${scope}'] },`));
}
