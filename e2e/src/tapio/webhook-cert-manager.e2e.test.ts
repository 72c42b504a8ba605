// Webhook TLS from cert-manager (webhooks.certManager), through the real kube-apiserver: the chart's
// Certificate is stored against cert-manager's pinned CRDs; no cert-manager runs here, so the test
// plays it: it writes the Certificate's Secret (a CA and a serving certificate for the Certificate's
// DNS names), mounts it as the kubelet would (the Secret's keys as files in the operator's
// webhookCertDir) and fills the chart's configurations' caBundle from the Secret's ca.crt, as the CA
// injector does for cert-manager.io/inject-ca-from. Admission then works through the operator with
// that certificate, and the operator leaves caBundle alone (no self-managed CA Secret, no patch).
// As in webhooks.e2e.test.ts, the operator runs as a process on 127.0.0.1, where the local API server
// reaches it: the configurations use that URL instead of the Service, and the serving certificate
// also names 127.0.0.1.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadAll as loadAllYaml } from 'js-yaml';
import { generateServingCertificate, resourceType, serviceDnsNames, ResourceTypes, type KubeClient, type KubeObject } from '@operators/k8s-common';
import { createTestNamespace, testClient, waitFor } from '@operators/k8s-common/testing';
import { repoRoot, useOperator } from '../support/operator-process.ts';
import { createDefaultedCluster, TapioClusters, type Tapio } from './support.ts';

const Certificates = resourceType('cert-manager.io/v1', 'Certificate', 'certificates');
const CERTIFICATE = 'tapio-operator-webhook';
const SECRET = `${CERTIFICATE}-tls`;
const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;

interface Webhook {
  name: string;
  clientConfig: { caBundle?: string; url?: string; service?: unknown };
  namespaceSelector?: unknown;
}
interface Manifest extends KubeObject {
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: { dnsNames?: string[]; secretName?: string };
  webhooks?: Webhook[];
}

/** The chart as installed into `namespace` with cert-manager TLS. */
function render(namespace: string): Manifest[] {
  const out = execFileSync('helm', ['template', 'tapio-operator', join(repoRoot, 'charts', 'tapio-operator'), '--namespace', namespace, '--kube-version', KUBE_VERSION,
    '--set', 'webhooks.certManager.enabled=true', '--set', 'webhooks.certManager.issuerRef.name=webhook-ca'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return (loadAllYaml(out) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);
}

/** cert-manager's pinned CRDs: installed when absent, never removed (tickstorm/certificate.e2e.test.ts owns their removal). */
function ensureCertManagerCrds(): void {
  if (spawnSync('kubectl', ['get', 'crd', 'certificates.cert-manager.io']).status === 0) return;
  const dir = join(dirname(process.env['E2E_UPSTREAM_CRDS']!), 'cert-manager-crds');
  for (const file of readdirSync(dir)) execFileSync('kubectl', ['apply', '--server-side', '-f', join(dir, file)], { stdio: 'pipe' });
  execFileSync('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', 'crd/certificates.cert-manager.io'], { stdio: 'pipe' });
}

const certDir = mkdtempSync(join(tmpdir(), 'tapio-cert-manager-'));
let admin: KubeClient;
let releaseNamespace: { name: string; cleanup: () => Promise<void> };
let chart: Manifest[];
let secretCa = '';

beforeAll(async () => {
  // Before the operator starts (declared before useOperator's hook): it loads the files at start.
  ensureCertManagerCrds();
  admin = await testClient();
  releaseNamespace = await createTestNamespace(admin, 'tapio-cert-manager-release');
  chart = render(releaseNamespace.name);
  const certificate = chart.find((m) => m.kind === 'Certificate')!;
  await admin.create(Certificates, certificate);

  // cert-manager: the Secret named by the Certificate, for its DNS names, which are the names the API
  // server reaches the webhook Service by (and 127.0.0.1, see above).
  const stored = await admin.get<Manifest>(Certificates, CERTIFICATE, releaseNamespace.name);
  expect(stored.spec!.dnsNames).toEqual(serviceDnsNames('tapio-operator-webhook', releaseNamespace.name));
  const issued = await generateServingCertificate({ serviceName: 'tapio-operator-webhook', namespace: releaseNamespace.name, ipAddresses: ['127.0.0.1'] });
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  await admin.create(ResourceTypes.Secret, {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: stored.spec!.secretName!, namespace: releaseNamespace.name, annotations: { 'cert-manager.io/certificate-name': CERTIFICATE } },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(issued.certPem), 'tls.key': b64(issued.keyPem), 'ca.crt': b64(issued.caPem) },
  });

  // The kubelet: the Secret's keys as files of the mounted volume.
  const secret = await admin.get<KubeObject & { data: Record<string, string> }>(ResourceTypes.Secret, SECRET, releaseNamespace.name);
  for (const [key, value] of Object.entries(secret.data)) writeFileSync(join(certDir, key), Buffer.from(value, 'base64'), { mode: 0o600 });
  secretCa = secret.data['ca.crt']!;
});

afterAll(async () => {
  await releaseNamespace?.cleanup();
  await admin?.close();
  rmSync(certDir, { recursive: true, force: true });
});

describe('Tapio admission webhooks with TLS from cert-manager', () => {
  const configurationName = `tapio-cert-manager-e2e-${process.pid}`;
  // The chart's certificate directory setting, pointed at the test's copy of the Secret; the
  // configurations named as the operator would patch them in self-managed mode.
  const env = useOperator('tapio-operator', 'tapio-cert-manager', [`--set=webhookCertDir=${certDir}`, '--set=webhookPort=0', '--set=webhookHost=127.0.0.1', `--set=webhookConfiguration=${configurationName}`]);
  const kinds = { MutatingWebhookConfiguration: ResourceTypes.MutatingWebhookConfiguration, ValidatingWebhookConfiguration: ResourceTypes.ValidatingWebhookConfiguration } as const;

  beforeAll(async () => {
    const port = await waitFor(() => /"message":"webhook server listening".*?"port":(\d+)/.exec(env.operator.logs())?.[1] ?? /webhook server listening.*?port[":= ]+(\d+)/.exec(env.operator.logs())?.[1], {
      description: 'the operator to report its webhook port',
    });
    for (const kind of ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'] as const) {
      const rendered = chart.find((m) => m.kind === kind)!;
      expect(rendered.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': `${releaseNamespace.name}/${CERTIFICATE}` });
      const webhooks = rendered.webhooks!.map((webhook) => {
        const { service, ...clientConfig } = webhook.clientConfig as { service: { path: string } };
        // The CA injector's caBundle: the ca.crt of the Certificate's Secret.
        return { ...webhook, clientConfig: { ...clientConfig, url: `https://127.0.0.1:${port}${service.path}`, caBundle: secretCa }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': env.namespace } } };
      });
      await admin.create(kinds[kind], { ...rendered, metadata: { ...rendered.metadata, name: configurationName }, webhooks });
    }
  });

  afterAll(async () => {
    for (const type of Object.values(kinds)) await admin?.tryDelete(type, configurationName);
  });

  it('the operator serves the mounted certificate, not a self-managed one', () => {
    expect(env.operator.logs()).toMatch(/webhook server listening.*mounted/);
  });

  it('defaults and validates TapioClusters through the webhook with cert-manager\'s certificate', async () => {
    const cluster = (name: string, spec: Record<string, unknown>): Tapio => ({ apiVersion: TapioClusters.apiVersion, kind: 'TapioCluster', metadata: { name, namespace: env.namespace }, spec });
    const stored = await createDefaultedCluster(env.client, env.namespace);
    expect(stored.spec).toMatchObject({ highAvailability: true, nats: { replicas: 3 } });
    await expect(env.client.create(TapioClusters, cluster('edge-ebpf', { profile: 'edge', collectors: { kubernetes: true, ebpf: true } }))).rejects.toThrow('spec.collectors.ebpf');
  });

  it('leaves caBundle to cert-manager: the configurations keep the injected CA, and no self-managed CA Secret exists', async () => {
    for (const type of Object.values(kinds)) {
      const configuration = await admin.get<Manifest>(type, configurationName);
      expect(configuration.webhooks!.map((w) => w.clientConfig.caBundle)).toEqual(configuration.webhooks!.map(() => secretCa));
    }
    // Self-managed TLS would have created its CA Secret in the operator's namespace (tapio-cert-manager-system-…).
    const caSecrets = execFileSync('kubectl', ['get', 'secrets', '--all-namespaces', '--field-selector=metadata.name=tapio-operator-webhook-ca', '-o', 'jsonpath={.items[*].metadata.namespace}'], { encoding: 'utf8' });
    expect(caSecrets.split(' ').filter((ns) => ns.startsWith('tapio-cert-manager-system-'))).toEqual([]);
  });
});
