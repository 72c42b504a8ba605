// The generator on an in-memory workspace: which files it writes, and how it registers the new
// operator. That the result builds, lints, tests and runs is proven by
// e2e/src/generator/generator.e2e.test.ts on a copy of the real workspace.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import operatorGenerator from './generator.ts';
import { registerInReadme, registerModuleBoundary, registerOwnE2eProject, registerReleaseGroup } from './register.ts';
import { operatorNames } from './names.ts';

const README = `# Operators

| package | operator | custom resources |
|---|---|---|
| \`packages/streambus-operator\` | StreamBus | \`StreamBusCluster\` |

## Layout
`;
const ESLINT = `export default [{
  rules: {
    x: [
      'error',
      {
        depConstraints: [
          { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
          { sourceTag: 'scope:streambus', onlyDependOnLibsWithTags: ['scope:shared', 'scope:streambus'] },
        ],
      },
    ],
  },
}];
`;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/** A file of this repository, as the generator will meet it. */
const repoFile = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
/** A JSON file of the tree. */
const json = (tree: Tree, path: string) => JSON.parse(tree.read(path, 'utf8')!);
/** StreamBus's file with the new operator's names: what the generator must write where nothing is operator-specific. */
const asDemo = (text: string) => text.replaceAll('streambus-operator', 'demo-operator').replaceAll('streambus', 'demo').replaceAll('StreamBus', 'Demo');

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('README.md', README);
  tree.write('eslint.config.js', ESLINT);
  // The registrations edit this repository's own lists.
  for (const path of ['nx.json', 'e2e/project.json', 'e2e/tsconfig.json']) tree.write(path, repoFile(path));
  return tree;
}

const names = operatorNames({ name: 'demo', group: 'demo.example.com', kind: 'Gadget' });

describe('operator generator', () => {
  it('writes the package, chart, e2e suite and docs with the derived names', async () => {
    const tree = workspace();
    await operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget' });
    const files = tree.listChanges().map((c) => c.path);
    expect(files).toEqual(
      expect.arrayContaining([
        'packages/demo-operator/package.json',
        'packages/demo-operator/project.json',
        'packages/demo-operator/Dockerfile',
        'packages/demo-operator/src/main.ts',
        'packages/demo-operator/src/api/v1alpha1/gadget.ts',
        'packages/demo-operator/src/controllers/gadget.controller.ts',
        'packages/demo-operator/src/resources/deployment.ts',
        'packages/demo-operator/src/status/gadget-status.ts',
        'packages/demo-operator/src/rbac.ts',
        'packages/demo-operator/src/generate/crds.ts',
        'packages/demo-operator/examples/demo.example.com_v1alpha1_gadget.yaml',
        'charts/demo-operator/Chart.yaml',
        'charts/demo-operator/values.yaml',
        'charts/demo-operator/values.schema.json',
        'charts/demo-operator/templates/deployment.yaml',
        'charts/demo-operator/templates/NOTES.txt',
        'charts/demo-operator/dashboards/demo-operator.json',
        'charts/demo-operator/rules/demo-operator.rules.yaml',
        'charts/demo-operator/rules/tests/demo-operator.rules.test.yaml',
        'e2e/src/demo/demo.e2e.test.ts',
        'e2e/src/demo/project.json',
        'e2e/src/demo/tsconfig.json',
        'charts/demo-operator/ci/ha-monitoring-values.yaml',
        'charts/demo-operator/ci/namespaced-values.yaml',
        'charts/demo-operator/.helmignore',
        'docs/demo.md',
      ]),
    );
    // No template leaks through unrendered, and no file keeps the template suffix.
    for (const file of files) {
      expect(file).not.toMatch(/__/);
      expect(tree.read(file, 'utf8')).not.toMatch(/<%[=-]?|%>/);
    }
    expect(tree.read('packages/demo-operator/src/api/v1alpha1/gadget.ts', 'utf8')).toContain("export const PLURAL = 'gadgets';");
    expect(JSON.parse(tree.read('packages/demo-operator/project.json', 'utf8')!).tags).toEqual(['type:operator', 'scope:demo']);
    expect(JSON.parse(tree.read('charts/demo-operator/dashboards/demo-operator.json', 'utf8')!).uid).toBe('demo-operator');
  });

  it("writes StreamBus's Dockerfile with the new names, and the image and package-chart targets", async () => {
    const tree = workspace();
    await operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget' });
    expect(tree.read('packages/demo-operator/Dockerfile', 'utf8')).toBe(asDemo(repoFile('packages/streambus-operator/Dockerfile')));
    const { targets } = json(tree, 'packages/demo-operator/project.json');
    const releaseTargets = ['image', 'package-chart', 'check-chart', 'chart-annotations', 'bundle'];
    expect(Object.fromEntries(releaseTargets.map((t) => [t, targets[t]]))).toEqual(Object.fromEntries(releaseTargets.map((t) => [t, {}])));
    // The same release targets as StreamBus (nx.json's targetDefaults say what they run).
    const streamBusTargets = Object.entries(JSON.parse(repoFile('packages/streambus-operator/project.json')).targets).filter(([, t]) => JSON.stringify(t) === '{}').map(([name]) => name);
    expect(releaseTargets).toEqual(streamBusTargets);
  });

  it("writes StreamBus's e2e project, chart example values and .helmignore with the new names", async () => {
    const tree = workspace();
    await operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget' });
    for (const path of ['e2e/src/streambus/project.json', 'e2e/src/streambus/tsconfig.json']) {
      expect([path, json(tree, asDemo(path))]).toEqual([path, JSON.parse(asDemo(repoFile(path)))]);
    }
    for (const path of ['charts/streambus-operator/ci/ha-monitoring-values.yaml', 'charts/streambus-operator/ci/namespaced-values.yaml', 'charts/streambus-operator/.helmignore']) {
      expect([path, tree.read(asDemo(path), 'utf8')]).toEqual([path, repoFile(path)]);
    }
    // Its e2e target runs its folder and its operator's container test, after the image is built.
    const { targets } = json(tree, 'e2e/src/demo/project.json');
    expect(targets.e2e.options).toEqual({
      command: 'node --experimental-vm-modules node_modules/jest/bin/jest.js -c e2e/jest.config.js e2e/src/demo/ e2e/src/images/operator-images.e2e.test.ts',
      env: { E2E_IMAGE_OPERATORS: 'demo-operator' },
    });
    expect(targets.e2e.dependsOn).toContainEqual({ projects: ['demo-operator'], target: 'image' });
  });

  it("heads the chart's annotations as the annotations script does, which fills them in after the CRD is generated", async () => {
    const tree = workspace();
    await operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget' });
    const chart = tree.read('charts/demo-operator/Chart.yaml', 'utf8')!;
    const streamBus = repoFile('charts/streambus-operator/Chart.yaml');
    const header = (text: string) => text.slice(text.indexOf("# Artifact Hub's annotations"), text.indexOf('annotations:\n'));
    expect(header(chart)).not.toBe('');
    expect(header(chart)).toBe(header(streamBus));
    expect(chart.endsWith("annotations:\n  artifacthub.io/operator: 'true'\n")).toBe(true);
  });

  it('registers the operator in the README table, the module boundaries, the release groups and the shared e2e project', async () => {
    const tree = workspace();
    const before = { e2e: json(tree, 'e2e/project.json'), tsconfig: json(tree, 'e2e/tsconfig.json') };
    await operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget' });
    expect(tree.read('README.md', 'utf8')).toContain('| `packages/streambus-operator` | StreamBus | `StreamBusCluster` |\n| `packages/demo-operator` | Demo | `Gadget` (demo.example.com/v1alpha1) |\n\n## Layout');
    expect(tree.read('eslint.config.js', 'utf8')).toContain("          { sourceTag: 'scope:demo', onlyDependOnLibsWithTags: ['scope:shared', 'scope:demo'] },");
    // Released on its own, as StreamBus is.
    const { groups } = json(tree, 'nx.json').release;
    expect(groups.demo).toEqual(JSON.parse(asDemo(JSON.stringify(groups.streambus))));
    // The shared e2e project leaves e2e/src/demo to demo-e2e, as it leaves e2e/src/streambus to streambus-e2e.
    const e2e = json(tree, 'e2e/project.json');
    expect(e2e.implicitDependencies).toEqual(before.e2e.implicitDependencies);
    expect(e2e.targets.e2e.options.command).toBe(before.e2e.targets.e2e.options.command.replace('|images)/', '|images|demo)/'));
    expect(e2e.targets.lint.options.command).toBe(before.e2e.targets.lint.options.command.replace(',images}/**', ',images,demo}/**'));
    expect(json(tree, 'e2e/tsconfig.json').exclude).toEqual([...before.tsconfig.exclude, 'src/demo']);
  });

  it("fails, naming the list, when the shared e2e project's command no longer lists operator folders", () => {
    const tree = workspace();
    const e2e = json(tree, 'e2e/project.json');
    e2e.targets.lint.options.command = 'eslint src';
    tree.write('e2e/project.json', JSON.stringify(e2e));
    expect(() => registerOwnE2eProject(tree, names)).toThrow(/the lint target's command has no .* list of operator folders to add demo to/);
  });

  it('registers only once', () => {
    const tree = workspace();
    registerInReadme(tree, names);
    registerInReadme(tree, names);
    registerModuleBoundary(tree, names);
    registerModuleBoundary(tree, names);
    registerReleaseGroup(tree, names);
    registerOwnE2eProject(tree, names);
    const once = { nx: tree.read('nx.json', 'utf8'), e2e: tree.read('e2e/project.json', 'utf8'), tsconfig: tree.read('e2e/tsconfig.json', 'utf8') };
    registerReleaseGroup(tree, names);
    registerOwnE2eProject(tree, names);
    expect(tree.read('README.md', 'utf8')!.split('packages/demo-operator').length).toBe(2);
    expect(tree.read('eslint.config.js', 'utf8')!.split("'scope:demo'").length).toBe(3);
    expect({ nx: tree.read('nx.json', 'utf8'), e2e: tree.read('e2e/project.json', 'utf8'), tsconfig: tree.read('e2e/tsconfig.json', 'utf8') }).toEqual(once);
    expect(once.e2e!.split('demo').length).toBe(3);
  });

  it('with skipExisting, adds only the files a package begun by hand lacks', async () => {
    const tree = workspace();
    tree.write('packages/demo-operator/project.json', '{"name":"demo-operator"}');
    tree.write('packages/demo-operator/src/api/v1alpha1/gadget.ts', 'export const MINE = 1;\n');
    await operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget', skipExisting: true });
    expect(tree.read('packages/demo-operator/project.json', 'utf8')).toBe('{"name":"demo-operator"}');
    expect(tree.read('packages/demo-operator/src/api/v1alpha1/gadget.ts', 'utf8')).toBe('export const MINE = 1;\n');
    expect(tree.exists('packages/demo-operator/src/main.ts')).toBe(true);
    expect(tree.exists('charts/demo-operator/values.yaml')).toBe(true);
  });

  it('refuses to overwrite an existing operator', async () => {
    const tree = workspace();
    tree.write('packages/demo-operator/project.json', '{}');
    await expect(operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget' })).rejects.toThrow(/exists already/);
  });
});
