// Writes the Artifact Hub annotations into a chart's Chart.yaml (a copy being packaged: the source
// chart keeps its comments), generated from the operator's sources rather than kept by hand:
//
//   node scripts/release/artifacthub-annotations.mjs <op> <chart-copy>/Chart.yaml
//
//   artifacthub.io/crds          each CRD of the chart's crds/: kind, storage version, name, the
//                                schema's description (an entry written by hand in Chart.yaml wins)
//   artifacthub.io/crdsExamples  packages/<op>/examples/*.yaml
//   artifacthub.io/changes       the CHANGELOG's section for the chart's version (nx release writes it)
//   artifacthub.io/images        the operator image at the chart's appVersion
//   artifacthub.io/links         the chart's home and sources
//   artifacthub.io/operator      "true"
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load, loadAll } from 'js-yaml';

const [op, chartYaml] = process.argv.slice(2);
if (!op || !chartYaml) {
  console.error('usage: node scripts/release/artifacthub-annotations.mjs <op> <chart>/Chart.yaml');
  process.exit(2);
}
const root = join(import.meta.dirname, '..', '..');
const chartDir = join(chartYaml, '..');
const chart = load(readFileSync(chartYaml, 'utf8'));
const annotations = (chart.annotations ??= {});
const yamlList = (items) => dump(items, { lineWidth: -1, noRefs: true });

// CRDs: from the chart's own crds/ (the generated ones).
const handWritten = new Map((annotations['artifacthub.io/crds'] ? load(annotations['artifacthub.io/crds']) : []).map((c) => [c.name, c]));
const crdDir = join(chartDir, 'crds');
const crds = existsSync(crdDir)
  ? readdirSync(crdDir)
      .filter((f) => /\.ya?ml$/.test(f))
      .flatMap((f) => loadAll(readFileSync(join(crdDir, f), 'utf8')))
      .filter((d) => d?.kind === 'CustomResourceDefinition')
  : [];
if (crds.length) {
  annotations['artifacthub.io/crds'] = yamlList(
    crds.map((crd) => {
      const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
      const description = version.schema?.openAPIV3Schema?.description;
      const generated = { kind: crd.spec.names.kind, version: version.name, name: crd.metadata.name, displayName: crd.spec.names.kind, ...(description ? { description } : {}) };
      return { ...generated, ...handWritten.get(crd.metadata.name) };
    }),
  );
}

// Examples: what the operator's README and docs apply.
const examplesDir = join(root, 'packages', op, 'examples');
if (existsSync(examplesDir)) {
  const examples = readdirSync(examplesDir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .flatMap((f) => loadAll(readFileSync(join(examplesDir, f), 'utf8')).filter(Boolean));
  if (examples.length) annotations['artifacthub.io/crdsExamples'] = yamlList(examples);
}

// Changes: the CHANGELOG section of this version (## <version> ...), by its ### headings.
const changelogPath = join(root, 'packages', op, 'CHANGELOG.md');
if (existsSync(changelogPath)) {
  const text = readFileSync(changelogPath, 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith(`${chart.version} `) || s.startsWith(`${chart.version}\n`));
  const changes = [];
  let kind = 'changed';
  for (const line of (section ?? '').split('\n')) {
    if (line.startsWith('### ')) kind = /fix/i.test(line) ? 'fixed' : /feat/i.test(line) ? 'added' : /secur/i.test(line) ? 'security' : /remov/i.test(line) ? 'removed' : 'changed';
    const item = /^- (.*)$/.exec(line);
    if (item) changes.push({ kind, description: item[1].replace(/\*\*/g, '').trim() });
  }
  if (changes.length) annotations['artifacthub.io/changes'] = yamlList(changes);
}

annotations['artifacthub.io/images'] = yamlList([{ name: 'operator', image: `operators/${op}:${chart.appVersion}` }]);
const links = [...(chart.home ? [{ name: 'Home', url: chart.home }] : []), ...(chart.sources ?? []).map((url) => ({ name: 'Source', url }))];
if (links.length) annotations['artifacthub.io/links'] = yamlList(links);
annotations['artifacthub.io/operator'] = 'true';

writeFileSync(chartYaml, dump(chart, { lineWidth: -1, noRefs: true }));
console.error(`[artifacthub] ${op} ${chart.version}: ${Object.keys(annotations).filter((k) => k.startsWith('artifacthub.io/')).join(', ')}`);
