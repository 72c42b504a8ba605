// Writes an operator's OLM bundle (registry+v1) to dist/bundles/<op>/, from the same sources as its
// chart, so that it can be listed on OperatorHub and installed through OLM:
//
//   node scripts/release/olm-bundle.mjs <op>         (the nx target `bundle`, which then validates it)
//
//   manifests/<crd>.yaml                     the chart's CRDs (charts/<op>/crds/, the generated ones)
//   manifests/<op>.clusterserviceversion.yaml
//     install.spec.deployments              the chart's Deployment (helm template of charts/<op>), its
//                                           watched namespaces from OLM's OperatorGroup
//                                           (WATCH_NAMESPACE = the olm.targetNamespaces annotation)
//     install.spec.clusterPermissions       the chart's generated rules (charts/<op>/files/*-rules.yaml,
//                                           from src/rbac.ts), leader election's aside
//     install.spec.permissions              the leader election rules, in the operator's namespace
//                                           (exactly the chart's RBAC: events are in the generated rules)
//     customresourcedefinitions.owned       each CRD: kind, version, the schema's description
//     alm-examples                          the custom resources of packages/<op>/examples/
//     description, displayName              docs/<name>.md; keywords, links and the version from
//                                           Chart.yaml and package.json; a generated icon
//   metadata/annotations.yaml                package, channel (candidate), media type
//   bundle.Dockerfile                        the bundle image (`podman build -f bundle.Dockerfile .`)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, load, loadAll } from 'js-yaml';
import { chartCrds, chartLinks, exampleResources, repoRoot as root, yamlFiles } from './chart-sources.mjs';

const op = process.argv[2];
if (!op) {
  console.error('usage: node scripts/release/olm-bundle.mjs <op>');
  process.exit(2);
}
const chartDir = join(root, 'charts', op);
const name = op.replace(/-operator$/, '');
const chart = load(readFileSync(join(chartDir, 'Chart.yaml'), 'utf8'));
const pkg = JSON.parse(readFileSync(join(root, 'packages', op, 'package.json'), 'utf8'));
const version = pkg.version;
const yamlDump = (doc) => dump(doc, { lineWidth: -1, noRefs: true });
// Releases before 1.0 (OLM's channel naming: candidate, fast, stable).
const CHANNEL = 'candidate';

// The CRDs.
const crds = chartCrds(chartDir);

// The Deployment, as the chart renders it with its defaults (every namespace, leader election on).
const helm = process.env.HELM ?? 'helm';
const kubeVersion = readFileSync(join(root, 'e2e', 'cluster', 'versions.env'), 'utf8').match(/^KUBERNETES_VERSION=v(\S+)/m)[1];
const rendered = loadAll(execFileSync(helm, ['template', op, chartDir, '--namespace', `${name}-system`, '--kube-version', kubeVersion], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).filter(Boolean);
const deployment = rendered.find((d) => d.kind === 'Deployment');
if (!deployment) throw new Error(`charts/${op} renders no Deployment`);
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers.find((c) => c.name === 'operator') ?? podSpec.containers[0];
// The image of the same release: the chart's repository at the package's version.
const values = load(readFileSync(join(chartDir, 'values.yaml'), 'utf8'));
container.image = `${values.image.repository}:${version}`;
// OLM names the OperatorGroup's target namespaces (empty: all) in this annotation of the pod.
container.env = [
  ...(container.env ?? []).filter((e) => e.name !== 'WATCH_NAMESPACE'),
  { name: 'WATCH_NAMESPACE', valueFrom: { fieldRef: { fieldPath: "metadata.annotations['olm.targetNamespaces']" } } },
];
const serviceAccountName = podSpec.serviceAccountName;
// OLM creates the ServiceAccount with the permissions below; helm's checksum annotations mean nothing here.
delete deployment.spec.template.metadata?.annotations;

// The RBAC rules, generated from src/rbac.ts into the chart's files/.
const rulesOf = (file) => load(readFileSync(join(chartDir, 'files', file), 'utf8')) ?? [];
const ruleFiles = yamlFiles(join(chartDir, 'files')).filter((f) => f.endsWith('-rules.yaml'));
const clusterRules = ruleFiles.filter((f) => f !== 'leader-election-rules.yaml').flatMap(rulesOf);
const namespacedRules = ruleFiles.includes('leader-election-rules.yaml') ? rulesOf('leader-election-rules.yaml') : [];

// The examples: the custom resources of examples/, without a namespace (OLM's UI sets it).
const examples = exampleResources(op, crds).map((d) => ({ ...d, metadata: Object.fromEntries(Object.entries(d.metadata ?? {}).filter(([k]) => k !== 'namespace')) }));

// What people read: the operator's guide and the name in its title.
const guide = readFileSync(join(root, 'docs', `${name}.md`), 'utf8');
const title = /^# (.+)$/m.exec(guide)?.[1] ?? op;
const displayName = title.replace(/\boperator\b/i, 'Operator');
const links = chartLinks(chart);

/** An icon of the operator's initial, so that the bundle carries one until a team draws its own. */
function icon() {
  const letter = title.trim()[0].toUpperCase();
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="hsl(${hue},55%,40%)"/><text x="32" y="44" font-family="sans-serif" font-size="36" text-anchor="middle" fill="#fff">${letter}</text></svg>`;
  return { base64data: Buffer.from(svg).toString('base64'), mediatype: 'image/svg+xml' };
}

const csvName = `${op}.v${version}`;
const csv = {
  apiVersion: 'operators.coreos.com/v1alpha1',
  kind: 'ClusterServiceVersion',
  metadata: {
    name: csvName,
    annotations: {
      'alm-examples': JSON.stringify(examples, null, 2),
      capabilities: chart.annotations?.['artifacthub.io/operatorCapabilities'] ?? 'Basic Install',
      categories: 'Application Runtime',
      containerImage: container.image,
      description: pkg.description,
      ...(chart.sources?.[0] ? { repository: chart.sources[0] } : {}),
      'operators.operatorframework.io/builder': 'scripts/release/olm-bundle.mjs',
    },
  },
  spec: {
    displayName,
    description: guide,
    version,
    maturity: 'alpha',
    minKubeVersion: (/>=\s*([0-9.]+)/.exec(chart.kubeVersion ?? '') ?? [])[1] ?? '1.28.0',
    keywords: chart.keywords ?? [name, 'operator'],
    ...(links.length ? { links } : {}),
    maintainers: (chart.maintainers ?? []).length ? chart.maintainers.map((m) => ({ name: m.name, email: m.email ?? '' })) : [{ name: `The ${displayName} team`, email: `${name}-operator@users.noreply.github.com` }],
    provider: { name: `The ${displayName} team` },
    icon: [icon()],
    labels: { 'operatorframework.io/arch.amd64': 'supported', 'operatorframework.io/os.linux': 'supported' },
    installModes: ['OwnNamespace', 'SingleNamespace', 'MultiNamespace', 'AllNamespaces'].map((type) => ({ type, supported: true })),
    customresourcedefinitions: {
      owned: crds.flatMap((crd) =>
        crd.spec.versions
          .filter((v) => v.served)
          .map((v) => ({
            name: crd.metadata.name,
            version: v.name,
            kind: crd.spec.names.kind,
            displayName: crd.spec.names.kind,
            description: v.schema?.openAPIV3Schema?.description ?? crd.spec.names.kind,
          })),
      ),
    },
    install: {
      strategy: 'deployment',
      spec: {
        clusterPermissions: [{ serviceAccountName, rules: clusterRules }],
        permissions: [{ serviceAccountName, rules: namespacedRules }],
        deployments: [{ name: deployment.metadata.name, label: deployment.metadata.labels, spec: deployment.spec }],
      },
    },
  },
};

const annotations = {
  'operators.operatorframework.io.bundle.mediatype.v1': 'registry+v1',
  'operators.operatorframework.io.bundle.manifests.v1': 'manifests/',
  'operators.operatorframework.io.bundle.metadata.v1': 'metadata/',
  'operators.operatorframework.io.bundle.package.v1': op,
  'operators.operatorframework.io.bundle.channels.v1': CHANNEL,
  'operators.operatorframework.io.bundle.channel.default.v1': CHANNEL,
};

const out = join(root, 'dist', 'bundles', op);
rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'manifests'), { recursive: true });
mkdirSync(join(out, 'metadata'), { recursive: true });
for (const crd of crds) writeFileSync(join(out, 'manifests', `${crd.metadata.name}.yaml`), yamlDump(crd));
writeFileSync(join(out, 'manifests', `${op}.clusterserviceversion.yaml`), yamlDump(csv));
writeFileSync(join(out, 'metadata', 'annotations.yaml'), yamlDump({ annotations }));
writeFileSync(
  join(out, 'bundle.Dockerfile'),
  ['FROM scratch', ...Object.entries(annotations).map(([k, v]) => `LABEL ${k}=${v}`), 'COPY manifests /manifests/', 'COPY metadata /metadata/', ''].join('\n'),
);
console.error(`[bundle] dist/bundles/${op}: ${csvName}, ${crds.length} CRDs, ${examples.length} examples, ${clusterRules.length} cluster rules`);
