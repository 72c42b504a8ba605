// The operator's admission webhooks, called by the real kube-apiserver: the mutating webhook writes
// the profile's defaults into the stored TapioCluster, the validating webhook rejects what cannot
// work with a message naming the field. The operator runs here as a process (as every e2e suite
// runs it) and serves the webhooks on 127.0.0.1, where the local API server reaches it, with a
// certificate mounted from a directory (the cert-manager path); the configurations are scoped to
// this file's namespace.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, generateServingCertificate, ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { testClient, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { createDefaultedCluster, TapioClusters, TapioCollectors, type Tapio } from './support.ts';

const certDir = mkdtempSync(join(tmpdir(), 'tapio-webhook-'));
let caPem = '';

beforeAll(async () => {
  // Before the operator starts (this hook is declared before useOperator's): it loads the files at start.
  const certificate = await generateServingCertificate({ serviceName: 'tapio-operator-webhook', namespace: 'tapio-system', ipAddresses: ['127.0.0.1'] });
  caPem = certificate.caPem;
  writeFileSync(join(certDir, 'tls.crt'), certificate.certPem);
  writeFileSync(join(certDir, 'tls.key'), certificate.keyPem, { mode: 0o600 });
  writeFileSync(join(certDir, 'ca.crt'), certificate.caPem);
});

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected the API server to refuse the request, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

describe('Tapio admission webhooks', () => {
  const env = useOperator('tapio-operator', 'tapio-webhooks', [`--set=webhookCertDir=${certDir}`, '--set=webhookPort=0', '--set=webhookHost=127.0.0.1']);
  const configurationName = `tapio-webhooks-e2e-${process.pid}`;
  // Its own client: useOperator's is closed by the time this file's afterAll runs.
  let admin: KubeClient;

  beforeAll(async () => {
    admin = await testClient();
    const port = await waitFor(() => /"message":"webhook server listening".*?"port":(\d+)/.exec(env.operator.logs())?.[1] ?? /webhook server listening.*?port[":= ]+(\d+)/.exec(env.operator.logs())?.[1], {
      description: 'the operator to report its webhook port',
    });
    const hook = (path: string, resources: string[]) => ({
      clientConfig: { url: `https://127.0.0.1:${port}${path}`, caBundle: Buffer.from(caPem).toString('base64') },
      // Only this file's namespace: nothing else in the cluster is ever sent here.
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': env.namespace } },
      rules: [{ apiGroups: ['tapio.io'], apiVersions: ['v1alpha1'], operations: ['CREATE', 'UPDATE'], resources, scope: 'Namespaced' }],
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      // As the chart sets them (docs/tapio.md): refuse rather than store an object no one checked.
      failurePolicy: 'Fail',
      timeoutSeconds: 10,
    });
    await admin.create(ResourceTypes.MutatingWebhookConfiguration, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: configurationName },
      webhooks: [{ name: 'defaults.tapioclusters.tapio.io', reinvocationPolicy: 'Never', ...hook('/mutate-tapiocluster', ['tapioclusters']) }],
    });
    await admin.create(ResourceTypes.ValidatingWebhookConfiguration, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: configurationName },
      webhooks: [
        { name: 'validate.tapioclusters.tapio.io', ...hook('/validate-tapiocluster', ['tapioclusters']) },
        { name: 'validate.tapiocollectors.tapio.io', ...hook('/validate-tapiocollector', ['tapiocollectors']) },
      ],
    });
  });

  afterAll(async () => {
    await admin?.tryDelete(ResourceTypes.ValidatingWebhookConfiguration, configurationName);
    await admin?.tryDelete(ResourceTypes.MutatingWebhookConfiguration, configurationName);
    await admin?.close();
    rmSync(certDir, { recursive: true, force: true });
  });

  const cluster = (name: string, spec: Record<string, unknown>): Tapio => ({ apiVersion: TapioClusters.apiVersion, kind: 'TapioCluster', metadata: { name, namespace: env.namespace }, spec });

  it('stores the production profile\'s defaults in the TapioCluster', async () => {
    const stored = await createDefaultedCluster(env.client, env.namespace);
    expect(stored.spec).toMatchObject({ highAvailability: true, intelligence: { embedded: false, neo4j: { replicas: 3, backup: { enabled: true } } }, nats: { replicas: 3 }, gateway: { replicas: 2 } });
  });

  it('rejects eBPF on the edge profile, naming the field (a rule the CRD cannot express)', async () => {
    const error = await rejection(env.client.create(TapioClusters, cluster('edge-ebpf', { profile: 'edge', collectors: { kubernetes: true, ebpf: true } })));
    expect(error.message).toContain('spec.collectors.ebpf');
    expect(error.message).toContain('profile edge');
  });

  it('rejects high availability with one NATS server, naming the field', async () => {
    const error = await rejection(env.client.create(TapioClusters, cluster('ha-one', { highAvailability: true, nats: { replicas: 1 } })));
    expect(error.message).toContain('nats');
  });

  it('rejects an etcd TapioCollector without certificates', async () => {
    const collector = { apiVersion: TapioCollectors.apiVersion, kind: 'TapioCollector', metadata: { name: 'etcd', namespace: env.namespace }, spec: { type: 'etcd', natsUrl: 'nats://n:4222' } };
    const error = await rejection(env.client.create(TapioCollectors, collector));
    expect(error.message).toContain('etcd');
  });
});
