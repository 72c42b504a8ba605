// The tapio-operator chart against the local cluster: helm lint --strict, server-side dry runs of the
// options that change what is rendered (both RBAC scopes, the monitoring kinds with the pinned
// prometheus-operator CRDs, several replicas), the Roles carrying exactly the generated rules, and the
// Deployment under the restricted Pod Security Standard; webhook TLS self-managed or from cert-manager
// (the Certificate checked against cert-manager's pinned CRDs), and the library's extra volumes. The chart's alerts are checked with promtool
// by the streambus chart suite, which runs every chart's rules/tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load as loadYaml, loadAll as loadAllYaml } from 'js-yaml';
import { repoRoot } from '../support/operator-process.ts';

const chart = join(repoRoot, 'charts', 'tapio-operator');
const NAMESPACE = 'tapio-chart-e2e';
const KUBE_VERSION = /^KUBERNETES_VERSION=(\S+)$/m.exec(readFileSync(join(repoRoot, 'e2e', 'cluster', 'versions.env'), 'utf8'))![1]!;
const CERT_MANAGER = ['webhooks.certManager.enabled=true', 'webhooks.certManager.issuerRef.name=webhook-ca'];
const MONITORING = ['metrics.serviceMonitor.enabled=true', 'prometheusRule.enabled=true', 'grafanaDashboard.enabled=true'];

interface Container {
  args?: string[];
  securityContext?: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  rules?: unknown[];
  webhooks?: { clientConfig: Record<string, unknown> }[];
  spec?: {
    secretName?: string;
    dnsNames?: string[];
    issuerRef?: Record<string, string>;
    template?: { spec?: { securityContext?: Record<string, unknown>; containers?: Container[]; volumes?: { name: string; secret?: { secretName: string } }[] } };
  };
}

function run(command: string, args: string[], input?: string): string {
  const result = spawnSync(command, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  return result.stdout;
}

const render = (values: string[] = []) => run('helm', ['template', 'tapio-operator', chart, '--namespace', NAMESPACE, '--kube-version', KUBE_VERSION, ...values.flatMap((v) => ['--set', v])]);
const manifests = (values: string[] = []) => (loadAllYaml(render(values)) as (Manifest | null)[]).filter((m): m is Manifest => m !== null);

describe('the tapio-operator chart', () => {
  beforeAll(() => {
    if (spawnSync('kubectl', ['get', 'namespace', NAMESPACE]).status !== 0) run('kubectl', ['create', 'namespace', NAMESPACE]);
    // The pinned prometheus-operator CRDs, so the ServiceMonitor and PrometheusRule are checked by the API server too.
    const crdDir = process.env['E2E_UPSTREAM_CRDS']!;
    for (const file of readdirSync(crdDir)) execFileSync('kubectl', ['apply', '--server-side', '-f', join(crdDir, file)], { stdio: 'pipe' });
    // cert-manager's pinned CRDs, for the Certificate of webhooks.certManager. Installed when absent and
    // never removed: tickstorm/certificate.e2e.test.ts removes and installs them itself.
    if (spawnSync('kubectl', ['get', 'crd', 'certificates.cert-manager.io']).status !== 0) {
      const certManagerCrds = join(dirname(crdDir), 'cert-manager-crds');
      for (const file of readdirSync(certManagerCrds)) execFileSync('kubectl', ['apply', '--server-side', '-f', join(certManagerCrds, file)], { stdio: 'pipe' });
      run('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', 'crd/certificates.cert-manager.io']);
    }
  });
  afterAll(() => {
    run('kubectl', ['delete', 'namespace', NAMESPACE, '--wait=false']);
  });

  it('passes helm lint --strict', () => {
    expect(run('helm', ['lint', '--strict', chart])).toContain('1 chart(s) linted, 0 chart(s) failed');
  });

  it.each([[[]], [['rbac.scope=namespace', `watchNamespaces={${NAMESPACE}}`]], [MONITORING], [['replicaCount=2', 'webhooks.failurePolicy=Ignore']], [CERT_MANAGER]])(
    'renders what the API server accepts (%j)',
    (values) => {
      run('kubectl', ['apply', '--dry-run=server', '-f', '-'], render(values));
    },
  );

  it('grants exactly the generated rules, cluster-wide or per watched namespace', () => {
    const generated = loadYaml(readFileSync(join(chart, 'files', 'rbac-rules.yaml'), 'utf8'));
    const clusterRoles = manifests().filter((m) => m.kind === 'ClusterRole');
    expect(clusterRoles.map((m) => m.rules)).toEqual([generated]);
    const roles = manifests(['rbac.scope=namespace', 'watchNamespaces={team-a,team-b}']).filter((m) => m.kind === 'Role' && m.metadata.namespace?.startsWith('team-'));
    expect(roles.map((m) => [m.metadata.namespace, m.rules])).toEqual([
      ['team-a', generated],
      ['team-b', generated],
    ]);
    expect(manifests(['rbac.scope=namespace', 'watchNamespaces={team-a}']).filter((m) => m.kind === 'ClusterRole' || m.kind.endsWith('WebhookConfiguration'))).toEqual([]);
  });

  it('runs the operator under the restricted Pod Security Standard', () => {
    const deployment = manifests().find((m) => m.kind === 'Deployment')!;
    expect(deployment.spec?.template?.spec?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(deployment.spec?.template?.spec?.containers?.[0]?.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  describe('webhook TLS', () => {
    const deploymentOf = (all: Manifest[]) => all.find((m) => m.kind === 'Deployment')!.spec!.template!.spec!;
    const configurations = (all: Manifest[]) => all.filter((m) => m.kind.endsWith('WebhookConfiguration'));

    it('self-managed by default: no Certificate, no CA injector annotation, no caBundle, no mounted certificate', () => {
      const all = manifests();
      expect(all.filter((m) => m.kind === 'Certificate')).toEqual([]);
      expect(configurations(all)).toHaveLength(2);
      for (const configuration of configurations(all)) {
        expect(configuration.metadata.annotations).toBeUndefined();
        for (const webhook of configuration.webhooks!) expect(webhook.clientConfig['caBundle']).toBeUndefined();
      }
      const pod = deploymentOf(all);
      expect(pod.volumes?.map((v) => v.name)).toEqual(['tmp']);
      expect(pod.containers![0]!.args!.filter((a) => a.includes('webhookCertDir'))).toEqual([]);
    });

    it('from cert-manager: a Certificate for the webhook Service, its Secret mounted as webhookCertDir, the configurations annotated for the CA injector', () => {
      const all = manifests([...CERT_MANAGER, 'webhooks.failurePolicy=Ignore', 'webhooks.timeoutSeconds=5']);
      const certificate = all.find((m) => m.kind === 'Certificate')!;
      expect(certificate.metadata).toMatchObject({ name: 'tapio-operator-webhook', namespace: NAMESPACE });
      expect(certificate.spec).toMatchObject({ secretName: 'tapio-operator-webhook-tls', issuerRef: { name: 'webhook-ca', kind: 'Issuer', group: 'cert-manager.io' } });
      expect(certificate.spec!.dnsNames).toEqual(expect.arrayContaining([`tapio-operator-webhook.${NAMESPACE}.svc`, `tapio-operator-webhook.${NAMESPACE}.svc.cluster.local`]));
      for (const configuration of configurations(all)) {
        expect(configuration.metadata.annotations).toEqual({ 'cert-manager.io/inject-ca-from': `${NAMESPACE}/tapio-operator-webhook` });
        // failurePolicy and timeoutSeconds are the values', as in self-managed mode.
        for (const webhook of configuration.webhooks!) expect(webhook).toMatchObject({ failurePolicy: 'Ignore', timeoutSeconds: 5 });
      }
      const pod = deploymentOf(all);
      expect(pod.volumes).toContainEqual({ name: 'webhook-tls', secret: { secretName: 'tapio-operator-webhook-tls' } });
      const container = pod.containers![0]!;
      expect(container.volumeMounts).toContainEqual({ name: 'webhook-tls', mountPath: '/etc/tapio-operator/webhook-tls', readOnly: true });
      expect(container.args).toContain('--set=webhookCertDir=/etc/tapio-operator/webhook-tls');
    });

    it('from cert-manager needs an issuer, and a ClusterIssuer may sign', () => {
      expect(() => render(['webhooks.certManager.enabled=true'])).toThrow('webhooks.certManager.issuerRef.name');
      const certificate = manifests(['webhooks.certManager.enabled=true', 'webhooks.certManager.issuerRef.name=cluster-ca', 'webhooks.certManager.issuerRef.kind=ClusterIssuer']).find((m) => m.kind === 'Certificate')!;
      expect(certificate.spec!.issuerRef).toEqual({ name: 'cluster-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    });

    it('renders no Certificate where no webhook is registered (rbac.scope=namespace)', () => {
      expect(manifests([...CERT_MANAGER, 'rbac.scope=namespace', 'watchNamespaces={team-a}']).filter((m) => m.kind === 'Certificate' || m.kind.endsWith('WebhookConfiguration'))).toEqual([]);
    });
  });

  it('the operator-common library adds extraVolumes and extraVolumeMounts to the tmp volume, after cert-manager\'s mount', () => {
    const pod = manifests([...CERT_MANAGER, 'extraVolumes[0].name=extra', 'extraVolumes[0].configMap.name=extra', 'extraVolumeMounts[0].name=extra', 'extraVolumeMounts[0].mountPath=/extra'])
      .find((m) => m.kind === 'Deployment')!.spec!.template!.spec!;
    expect(pod.volumes?.map((v) => v.name)).toEqual(['tmp', 'extra', 'webhook-tls']);
    expect(pod.containers![0]!.volumeMounts?.map((m) => m.mountPath)).toEqual(['/tmp', '/extra', '/etc/tapio-operator/webhook-tls']);
  });
});
