// What the release artifacts of an operator (the chart's Artifact Hub annotations, the OLM bundle)
// read from its sources, in one place so that both say the same.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';

export const repoRoot = join(import.meta.dirname, '..', '..');

/** The YAML files of a directory, sorted; none when it does not exist. */
export const yamlFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort() : []);

/** The chart's CRDs (charts/<op>/crds/, the generated ones). */
export function chartCrds(chartDir) {
  return yamlFiles(join(chartDir, 'crds'))
    .flatMap((f) => loadAll(readFileSync(join(chartDir, 'crds', f), 'utf8')))
    .filter((d) => d?.kind === 'CustomResourceDefinition');
}

/** The custom resources of packages/<op>/examples/ (an example file may also hold a ConfigMap or a Secret). */
export function exampleResources(op, crds) {
  const kinds = new Set(crds.map((crd) => `${crd.spec.group}/${crd.spec.names.kind}`));
  const dir = join(repoRoot, 'packages', op, 'examples');
  return yamlFiles(dir)
    .flatMap((f) => loadAll(readFileSync(join(dir, f), 'utf8')))
    .filter((d) => d && kinds.has(`${String(d.apiVersion).split('/')[0]}/${d.kind}`));
}

/** The chart's home and sources as links. */
export const chartLinks = (chart) => [...(chart.home ? [{ name: 'Home', url: chart.home }] : []), ...(chart.sources ?? []).map((url) => ({ name: 'Source', url }))];
