// `npx nx g @operators/generator:operator <name> --group <group> --kind <Kind>`: a new operator
// package on the kit (libs/k8s-common) with the image, chart, chart-check and OLM bundle targets,
// its chart on the library chart (charts/operator-common) with example values files (ci/) and
// generated Artifact Hub annotations, an e2e suite on the shared operator-process setup as its own
// nx project (`<name>-e2e`: the suite and the operator's container test), and docs; registered in
// the README table, the lint module boundaries, the release groups and the shared e2e project
// (see register.ts). The result builds, lints, passes its tests, checks its chart, validates its
// bundle and reconciles its example on the local cluster before anything is added to it (the
// generator's e2e test checks exactly that in a copy of the workspace).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import { operatorNames, type OperatorOptions } from './names.ts';
import { registerInReadme, registerModuleBoundary, registerOwnE2eProject, registerReleaseGroup } from './register.ts';

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
  registerReleaseGroup(tree, names);
  registerOwnE2eProject(tree, names);
  // After the files are written: link the new workspace package (and record it in the lock file),
  // generate the CRD, API reference and RBAC files from the code, vendor the library chart, and
  // write the chart's Artifact Hub annotations from the generated CRD and the example.
  return () => {
    const root = tree.root;
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: root, stdio: 'inherit' });
    if (!options.skipInstall) run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts']);
    run(process.execPath, ['--conditions=development', `packages/${names.operatorName}/src/generate/crds.ts`]);
    run('bash', ['scripts/chart-dependencies.sh']);
    run(process.execPath, ['scripts/release/artifacthub-annotations.mjs', names.operatorName, '--write']);
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
