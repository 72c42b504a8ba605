// Self-managed webhook TLS: the operator issues its serving certificate from a CA it keeps in a
// Secret of its namespace, so every replica (and a restarted one) serves a certificate the one CA
// bundle verifies. Here the operator has the chart's namespace-scoped RBAC, so it may not inject
// the bundle: the test registers a webhook with the CA from the Secret and the real API server
// calls the operator on 127.0.0.1, before and after a restart. The serving certificate lives 60 s here
// and is renewed when a tenth of its life (with the 5-minute backdating, 39 s) is left: the running
// process serves the new one, which the same bundle verifies, and admission never fails meanwhile.
import { connect } from 'node:tls';
import type { V1Secret } from '@kubernetes/client-node';
import { ApiError, ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { testClient, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { TapioClusters, type Tapio } from './support.ts';

const CA_SECRET = 'tapio-operator-webhook-ca';
const SHORT_LIVED_CERTIFICATE = ['--set=webhookCertValidity=60s', '--set=webhookCertRenewBefore=0.1', '--set=webhookCertCheckInterval=1s'];

/** The serial number and expiry of the certificate a TLS server presents. */
function servedCertificate(port: string): Promise<{ serial: string; notAfter: Date }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => {
      const certificate = socket.getPeerCertificate();
      resolve({ serial: certificate.serialNumber, notAfter: new Date(certificate.valid_to) });
      socket.end();
    });
    socket.once('error', reject);
  });
}

describe('Tapio self-managed webhook TLS', () => {
  const env = useOperator('tapio-operator', 'tapio-webhook-tls', ['--set=webhookPort=0', '--set=webhookHost=127.0.0.1', '--set=webhookCertIpAddresses=127.0.0.1', ...SHORT_LIVED_CERTIFICATE]);
  const configurationName = `tapio-webhook-tls-e2e-${process.pid}`;
  let admin: KubeClient;

  const port = () => waitFor(() => /webhook server listening.*?"port":(\d+)/.exec(env.operator.logs())?.[1], { description: 'the operator to report its webhook port' });
  const caSecret = async () => {
    const secrets = await admin.list<V1Secret>(ResourceTypes.Secret, { fieldSelector: `metadata.name=${CA_SECRET}` });
    return secrets.items.find((secret) => secret.metadata?.namespace?.startsWith('tapio-webhook-tls-system'));
  };
  const register = async (webhookPort: string, caBundle: string) => {
    await admin.tryDelete(ResourceTypes.ValidatingWebhookConfiguration, configurationName);
    await admin.create(ResourceTypes.ValidatingWebhookConfiguration, {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingWebhookConfiguration',
      metadata: { name: configurationName },
      webhooks: [
        {
          name: 'validate.tapioclusters.tapio.io',
          clientConfig: { url: `https://127.0.0.1:${webhookPort}/validate-tapiocluster`, caBundle },
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': env.namespace } },
          rules: [{ apiGroups: ['tapio.io'], apiVersions: ['v1alpha1'], operations: ['CREATE'], resources: ['tapioclusters'], scope: 'Namespaced' }],
          sideEffects: 'None',
          admissionReviewVersions: ['v1'],
          failurePolicy: 'Fail',
          timeoutSeconds: 10,
        },
      ],
    });
  };
  const edgeWithEbpf = (): Tapio => ({ apiVersion: TapioClusters.apiVersion, kind: 'TapioCluster', metadata: { name: 'edge-ebpf', namespace: env.namespace }, spec: { profile: 'edge', collectors: { ebpf: true } } });
  /** The webhook's own denial: only a TLS handshake the CA verified gets that far (a failed call says "failed calling webhook"). */
  const deniedByWebhook = () =>
    waitFor(async () => {
      const error = await env.client.create(TapioClusters, edgeWithEbpf()).then(() => undefined, (e: unknown) => e);
      return error instanceof ApiError && error.message.includes('spec.collectors.ebpf') && error;
    }, { timeoutMs: 30_000, description: 'the webhook to deny eBPF on edge' });

  beforeAll(async () => {
    admin = await testClient();
  });

  afterAll(async () => {
    await admin?.tryDelete(ResourceTypes.ValidatingWebhookConfiguration, configurationName);
    await admin?.close();
  });

  it('serves a certificate of the CA kept in its Secret, and keeps that CA across a restart', async () => {
    const secret = await waitFor(caSecret, { description: `Secret ${CA_SECRET}` });
    const caBundle = secret.data!['ca.crt']!;
    await register(await port(), caBundle);
    await deniedByWebhook();

    await env.operator.stop();
    await env.operator.start();
    expect((await caSecret())?.data?.['ca.crt']).toBe(caBundle);
    await register(await port(), caBundle);
    await deniedByWebhook();
  });

  it('renews its certificate before expiry in the running process, with no failed admission', async () => {
    const webhookPort = await port();
    const caBundle = (await caSecret())!.data!['ca.crt']!;
    await register(webhookPort, caBundle);
    await deniedByWebhook();
    const first = await servedCertificate(webhookPort);
    // Every second until the renewal, and once after it: the webhook's own denial each time.
    const otherOutcomes: string[] = [];
    const renewed = await waitFor(async () => {
      const error = await env.client.create(TapioClusters, edgeWithEbpf()).then(() => undefined, (e: unknown) => e);
      if (!(error instanceof ApiError && error.message.includes('spec.collectors.ebpf'))) otherOutcomes.push(error instanceof Error ? error.message : 'admitted');
      const served = await servedCertificate(webhookPort);
      return served.serial !== first.serial && { ...served, seenAt: new Date() };
    }, { timeoutMs: 60_000, intervalMs: 1_000, description: 'a renewed serving certificate' });
    expect(renewed.seenAt.getTime()).toBeLessThan(first.notAfter.getTime());
    expect(renewed.notAfter.getTime()).toBeGreaterThan(first.notAfter.getTime());
    expect(otherOutcomes).toEqual([]);
    await deniedByWebhook();
    expect(env.operator.exitCode()).toBeUndefined();
    expect((await caSecret())?.data?.['ca.crt']).toBe(caBundle);
  });
});
