// Where the workspace lists its operators, the new one is added (each once): the README table, the
// lint module boundaries, the release groups, and the shared e2e project, which leaves the new
// operator's e2e folder to that folder's own project.
import { updateJson, type Tree } from '@nx/devkit';
import type { OperatorNames } from './names.ts';

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

/** `nx release --groups <name>` releases the operator on its own, as every operator is (docs/releasing.md). */
export function registerReleaseGroup(tree: Tree, names: OperatorNames): void {
  updateJson(tree, 'nx.json', (nx: { release?: { groups?: Record<string, unknown> } }) => {
    const release = (nx.release ??= {});
    const groups = (release.groups ??= {});
    groups[names.name] ??= { projects: [names.operatorName], projectsRelationship: 'independent' };
    return nx;
  });
}

interface E2eProject {
  targets: Record<string, { options?: { command?: string } }>;
}

/**
 * The operator's e2e folder is its own project (`<name>-e2e`, for `nx affected`), so the shared e2e
 * project stops running, linting and type-checking it: its name joins the folders that project's
 * e2e target (jest's --testPathIgnorePatterns), its lint (--ignore-pattern) and its tsconfig.json
 * (exclude) leave out.
 */
export function registerOwnE2eProject(tree: Tree, names: OperatorNames): void {
  if (!tree.exists('e2e/project.json')) return;
  const folder = names.name;
  updateJson(tree, 'e2e/project.json', (project: E2eProject) => {
    const edit = (target: string, list: RegExp, separator: string) => {
      const options = project.targets[target]?.options;
      const match = options?.command ? list.exec(options.command) : null;
      if (!options || !match) throw new Error(`e2e/project.json: the ${target} target's command has no ${list} list of operator folders to add ${folder} to`);
      const folders = match[1]!.split(separator);
      if (!folders.includes(folder)) options.command = options.command!.replace(match[0], match[0].replace(match[1]!, [...folders, folder].join(separator)));
    };
    edit('e2e', /\/e2e\/src\/\(([^)]*)\)\//, '|');
    edit('lint', /src\/\{([^}]*)\}\/\*\*/, ',');
    return project;
  });
  if (!tree.exists('e2e/tsconfig.json')) return;
  updateJson(tree, 'e2e/tsconfig.json', (tsconfig: { exclude?: string[] }) => {
    tsconfig.exclude = [...new Set([...(tsconfig.exclude ?? []), `src/${folder}`])];
    return tsconfig;
  });
}
