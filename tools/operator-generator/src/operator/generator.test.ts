// The generator on an in-memory workspace: which files it writes, and how it registers the new
// operator. That the result builds, lints, tests and runs is proven by
// e2e/src/generator/generator.e2e.test.ts on a copy of the real workspace.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import operatorGenerator, { registerInReadme, registerModuleBoundary } from './generator.ts';
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

function workspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('README.md', README);
  tree.write('eslint.config.js', ESLINT);
  tree.write('e2e/project.json', JSON.stringify({ name: 'e2e', implicitDependencies: ['k8s-common'] }));
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
    const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
    const streamBus = readFileSync(join(repoRoot, 'packages', 'streambus-operator', 'Dockerfile'), 'utf8');
    expect(tree.read('packages/demo-operator/Dockerfile', 'utf8')).toBe(streamBus.replaceAll('streambus-operator', 'demo-operator').replaceAll('StreamBus', 'Demo'));
    const { targets } = JSON.parse(tree.read('packages/demo-operator/project.json', 'utf8')!);
    expect({ image: targets.image, chart: targets['package-chart'] }).toEqual({ image: {}, chart: {} });
  });

  it('registers the operator in the README table, the module boundaries and the e2e project', async () => {
    const tree = workspace();
    await operatorGenerator(tree, { name: 'demo', group: 'demo.example.com', kind: 'Gadget' });
    expect(tree.read('README.md', 'utf8')).toContain('| `packages/streambus-operator` | StreamBus | `StreamBusCluster` |\n| `packages/demo-operator` | Demo | `Gadget` (demo.example.com/v1alpha1) |\n\n## Layout');
    expect(tree.read('eslint.config.js', 'utf8')).toContain("          { sourceTag: 'scope:demo', onlyDependOnLibsWithTags: ['scope:shared', 'scope:demo'] },");
    expect(JSON.parse(tree.read('e2e/project.json', 'utf8')!).implicitDependencies).toEqual(['k8s-common', 'demo-operator']);
  });

  it('registers only once', () => {
    const tree = workspace();
    registerInReadme(tree, names);
    registerInReadme(tree, names);
    registerModuleBoundary(tree, names);
    registerModuleBoundary(tree, names);
    expect(tree.read('README.md', 'utf8')!.split('packages/demo-operator').length).toBe(2);
    expect(tree.read('eslint.config.js', 'utf8')!.split("'scope:demo'").length).toBe(3);
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
