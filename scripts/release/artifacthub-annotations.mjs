// The Artifact Hub annotations of an operator's chart, generated from the operator's sources rather
// than kept by hand:
//
//   node scripts/release/artifacthub-annotations.mjs <op> --write   rewrites charts/<op>/Chart.yaml's annotations
//   node scripts/release/artifacthub-annotations.mjs <op> --check   exits 1 when they are stale (CI)
//     (either with a chart directory after it: a copy of charts/<op>)
//   node scripts/release/artifacthub-annotations.mjs <op> <copy>/Chart.yaml
//                                   adds the release's annotations to a chart copy being packaged
//
// In charts/<op>/Chart.yaml, from sources that change with the code:
//   artifacthub.io/operator      "true"
//   artifacthub.io/license       packages/<op>/package.json's SPDX `license`, when it has one
//   artifacthub.io/links         the chart's home and sources
//   artifacthub.io/crds          each CRD of the chart's crds/ (the generated ones): kind, storage
//                                version, name, the schema's description (a displayName already
//                                in Chart.yaml is kept: a CRD has none)
//   artifacthub.io/crdsExamples  the custom resources of packages/<op>/examples/*.yaml
// Added to the packaged copy only, because they change with each release and `nx release` writes
// the CHANGELOG after the chart's version (a Chart.yaml holding them would be stale after every
// release):
//   artifacthub.io/changes       the CHANGELOG's section for the chart's version
//   artifacthub.io/images        the operator image at the chart's appVersion
// Other annotations (artifacthub.io/operatorCapabilities, ...) are the chart's own and kept.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { chartCrds, chartLinks, exampleResources, repoRoot as root } from './chart-sources.mjs';

const yamlList = (items) => dump(items, { lineWidth: -1, noRefs: true });
/** Every annotation this script writes: any other is the chart's own. */
const GENERATED = ['operator', 'license', 'links', 'crds', 'crdsExamples', 'changes', 'images'].map((name) => `artifacthub.io/${name}`);
const HEADER = [
  "# Artifact Hub's annotations: generated from the CRDs, examples/ and package.json by",
  '# scripts/release/artifacthub-annotations.mjs (`npx nx run <op>:chart-annotations`), checked by',
  '# `npx nx run <op>:check-chart`; artifacthub.io/changes and images are added when it is packaged.',
];

/** The annotations that follow from the chart's and the operator's sources. */
export function sourceAnnotations(op, chartDir, current = {}) {
  const chart = load(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
  const annotations = { 'artifacthub.io/operator': 'true' };
  const { license } = JSON.parse(readFileSync(join(root, 'packages', op, 'package.json'), 'utf8'));
  if (license && license !== 'UNLICENSED') annotations['artifacthub.io/license'] = license;
  const links = chartLinks(chart);
  if (links.length) annotations['artifacthub.io/links'] = yamlList(links);

  const displayNames = new Map((current['artifacthub.io/crds'] ? load(current['artifacthub.io/crds']) : []).map((c) => [c.name, c.displayName]));
  const crds = chartCrds(chartDir);
  if (crds.length) {
    annotations['artifacthub.io/crds'] = yamlList(
      crds.map((crd) => {
        const version = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
        const description = version.schema?.openAPIV3Schema?.description;
        const displayName = displayNames.get(crd.metadata.name) ?? crd.spec.names.kind;
        return { kind: crd.spec.names.kind, version: version.name, name: crd.metadata.name, displayName, ...(description ? { description } : {}) };
      }),
    );
  }

  const examples = exampleResources(op, crds);
  if (examples.length) annotations['artifacthub.io/crdsExamples'] = yamlList(examples);
  return annotations;
}

/** The annotations of a release: the CHANGELOG's section for the chart's version and its image. */
export function releaseAnnotations(op, chart) {
  const annotations = {};
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
  return annotations;
}

/** Chart.yaml's text with its annotations block (the last top-level key) replaced: comments above it stay. */
export function withAnnotations(text, annotations) {
  const lines = text.replace(/\n+$/, '').split('\n');
  let start = lines.findIndex((l) => /^annotations:/.test(l));
  let end = lines.length;
  if (start < 0) start = end;
  else for (let i = start + 1; i < lines.length; i++) if (/^\S/.test(lines[i]) && !lines[i].startsWith('#')) { end = i; break; }
  // The previous header goes with the block it described.
  let headerStart = start;
  while (headerStart > 0 && HEADER.includes(lines[headerStart - 1])) headerStart--;
  const block = [...HEADER, dump({ annotations }, { lineWidth: -1, noRefs: true }).trimEnd()];
  return [...lines.slice(0, headerStart), ...block, ...lines.slice(end)].join('\n') + '\n';
}

function main() {
  const [op, mode, chartDirArg] = process.argv.slice(2);
  if (!op || !mode) {
    console.error('usage: node scripts/release/artifacthub-annotations.mjs <op> --write|--check|<chart-copy>/Chart.yaml');
    process.exit(2);
  }
  if (mode === '--write' || mode === '--check') {
    // The chart is charts/<op> unless another copy of it is named (the tests check a copy).
    const chartDir = chartDirArg ?? join(root, 'charts', op);
    const chartYaml = join(chartDir, 'Chart.yaml');
    const text = readFileSync(chartYaml, 'utf8');
    const current = load(text).annotations ?? {};
    const generated = sourceAnnotations(op, chartDir, current);
    const own = Object.fromEntries(Object.entries(current).filter(([key]) => !GENERATED.includes(key)));
    const wanted = withAnnotations(text, { ...generated, ...own });
    if (mode === '--check') {
      if (wanted !== text) {
        console.error(`[artifacthub] charts/${op}/Chart.yaml: the Artifact Hub annotations are stale; run: npx nx run ${op}:chart-annotations`);
        process.exit(1);
      }
      if (!generated['artifacthub.io/license']) console.error(`[artifacthub] ${op}: no artifacthub.io/license (packages/${op}/package.json has no SPDX "license")`);
      return;
    }
    if (wanted !== text) writeFileSync(chartYaml, wanted);
    console.error(`[artifacthub] charts/${op}/Chart.yaml: ${Object.keys({ ...generated, ...own }).join(', ')}`);
    return;
  }
  // Packaging: the copy gets the source annotations (current) and the release's.
  const chartYaml = mode;
  const chart = load(readFileSync(chartYaml, 'utf8'));
  chart.annotations = { ...chart.annotations, ...sourceAnnotations(op, join(chartYaml, '..'), chart.annotations ?? {}), ...releaseAnnotations(op, chart) };
  writeFileSync(chartYaml, dump(chart, { lineWidth: -1, noRefs: true }));
  console.error(`[artifacthub] ${op} ${chart.version}: ${Object.keys(chart.annotations).filter((k) => k.startsWith('artifacthub.io/')).join(', ')}`);
}

if (process.argv[1] === import.meta.filename) main();
