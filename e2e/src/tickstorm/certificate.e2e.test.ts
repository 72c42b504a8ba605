// TLS from a cert-manager Certificate, against cert-manager's own CRDs (pinned by
// CERT_MANAGER_VERSION, fetched by build-binaries.sh into $E2E_UPSTREAM_CRDS/../cert-manager-crds),
// in order: without the CRDs the TickStorm says why and makes no pods; installing them heals it
// without a touch, and the Certificate the operator writes passes the API server's own cert-manager
// schema; the pods wait for the Secret cert-manager writes (no cert-manager runs here: the test
// writes its status and the Secret, as cert-manager would), with status saying so; then they mount
// it, and a failing renewal reported by cert-manager shows while they keep serving; removing tls
// deletes the Certificate. This file removes and installs those CRDs: no other file
// may depend on their absence or presence while it runs.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { resourceType, ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, giveNodesEphemeralStorage, readyForGeneration, serverEnv, settledWrites, tickStorm, TickStorms, waitForReady, type TickStormObject } from './support.ts';

const certManagerCrdDir = () => join(dirname(process.env['E2E_UPSTREAM_CRDS']!), 'cert-manager-crds');
const CRDS = ['certificates', 'certificaterequests', 'issuers', 'clusterissuers'].map((plural) => `${plural}.cert-manager.io`);
const Certificates = resourceType('cert-manager.io/v1', 'Certificate', 'certificates');
const Issuers = resourceType('cert-manager.io/v1', 'Issuer', 'issuers');
const NAME = 'secure';

interface Certificate {
  metadata?: { name?: string };
  spec: { secretName: string; issuerRef: { name: string; kind?: string; group?: string }; dnsNames?: string[] };
}

describe('Tick-Storm operator: TLS from a cert-manager Certificate', () => {
  const env = useOperator('tickstorm-operator', 'tickstorm-cert');
  const get = () => env.client.get<TickStormObject>(TickStorms, NAME, env.namespace);
  const deployment = () => env.client.tryGet<V1Deployment>(ResourceTypes.Deployment, NAME, env.namespace);
  const waitForTickStorm = (description: string, check: (resource: TickStormObject) => boolean, timeoutMs = 60_000) =>
    waitFor(async () => {
      const current = await get();
      return check(current) && current;
    }, { timeoutMs, description });

  /** The Certificate's Ready condition, written as cert-manager writes it. */
  const setCertificateReady = (status: string, reason: string, message: string) =>
    env.client.patch(Certificates, `${NAME}-tls`, env.namespace, { status: { conditions: [{ type: 'Ready', status, reason, message, lastTransitionTime: new Date().toISOString() }] } }, 'merge', 'status');

  beforeAll(async () => {
    await giveNodesEphemeralStorage(env.client);
    // A reused cluster may hold them from an earlier run.
    for (const crd of CRDS) await env.client.tryDelete(ResourceTypes.CustomResourceDefinition, crd);
    await waitFor(async () => {
      for (const crd of CRDS) if (await env.client.tryGet(ResourceTypes.CustomResourceDefinition, crd)) return false;
      return true;
    }, { description: 'cert-manager CRDs from an earlier run to be gone' });
  });

  it('without cert-manager\'s CRDs: Ready=False CertManagerNotInstalled, the Certificate condition says why, no pods', async () => {
    const spec = { replicas: 1, tls: { certificate: { issuerRef: { name: 'selfsigned' }, dnsNames: ['tick.example.com'] } } };
    await env.client.create(TickStorms, { ...tickStorm(NAME, spec), metadata: { name: NAME, namespace: env.namespace } });
    const blocked = await waitForTickStorm('Ready=False CertManagerNotInstalled', (t) => condition(t, 'Ready')?.reason === 'CertManagerNotInstalled');
    expect(condition(blocked, 'Ready')?.status).toBe('False');
    expect(condition(blocked, 'Certificate')).toMatchObject({ status: 'False', reason: 'CRDNotInstalled' });
    expect(await deployment()).toBeUndefined();
  });

  it('installing the CRDs heals it: the Certificate passes cert-manager\'s schema, and the pods wait for its Secret', async () => {
    for (const file of readdirSync(certManagerCrdDir())) execFileSync('kubectl', ['apply', '--server-side', '-f', join(certManagerCrdDir(), file)], { stdio: 'pipe' });
    for (const crd of CRDS) execFileSync('kubectl', ['wait', '--for=condition=Established', '--timeout=60s', `crd/${crd}`], { stdio: 'pipe' });
    await env.client.create(Issuers, { apiVersion: Issuers.apiVersion, kind: 'Issuer', metadata: { name: 'selfsigned', namespace: env.namespace }, spec: { selfSigned: {} } });
    // The operator looks again every 15 s while the CRD is missing; its discovery caches for 30 s.
    const certificate = await waitFor(() => env.client.tryGet<Certificate>(Certificates, `${NAME}-tls`, env.namespace), { timeoutMs: 90_000, description: 'the Certificate' });
    expect(certificate.spec).toMatchObject({ secretName: `${NAME}-tls`, issuerRef: { name: 'selfsigned', kind: 'Issuer', group: 'cert-manager.io' } });
    expect(certificate.spec.dnsNames).toEqual(expect.arrayContaining([`${NAME}-service.${env.namespace}.svc`, 'tick.example.com']));

    const waiting = await waitForTickStorm('Ready=False CertificatePending', (t) => condition(t, 'Ready')?.reason === 'CertificatePending');
    expect(condition(waiting, 'Progressing')).toMatchObject({ status: 'True', reason: 'IssuingCertificate' });
    expect(condition(waiting, 'Degraded')?.status).toBe('False');
    expect(condition(waiting, 'Certificate')).toMatchObject({ status: 'False', reason: 'Issuing' });
    expect(condition(waiting, 'Certificate')?.message).toContain(`the Secret ${NAME}-tls`);
    expect(await deployment()).toBeUndefined();

    // What cert-manager reports while it issues: the TickStorm quotes it.
    await setCertificateReady('False', 'DoesNotExist', 'Issuing certificate as Secret does not exist');
    await waitForTickStorm('the Certificate condition to quote cert-manager', (t) => Boolean(condition(t, 'Certificate')?.message.includes('DoesNotExist: Issuing certificate as Secret does not exist')));
  }, 150_000);

  it('once cert-manager has written the Secret, the pods mount it and the TickStorm is Ready', async () => {
    await env.client.create(ResourceTypes.Secret, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: `${NAME}-tls`, namespace: env.namespace },
      stringData: { 'tls.crt': 'issued by the test as cert-manager would', 'tls.key': 'e2e-not-a-key' },
    });
    await setCertificateReady('True', 'Ready', 'Certificate is up to date and has not expired');
    const ready = await waitForReady(env.client, env.namespace, NAME, 60_000);
    expect(condition(ready, 'Certificate')).toMatchObject({ status: 'True', reason: 'Issued' });
    const volumes = (await deployment())?.spec?.template.spec?.volumes ?? [];
    expect(volumes.map((v) => v.secret?.secretName)).toContain(`${NAME}-tls`);
    expect(await serverEnv(env.client, env.namespace, NAME)).toMatchObject({ TLS_ENABLED: 'true', TLS_CERT_FILE: '/certs/tls.crt' });
  });

  it('says when cert-manager reports the Certificate not ready (a failing renewal), and stays Ready', async () => {
    await setCertificateReady('False', 'Failed', 'The certificate request has failed to complete and will be retried');
    // Certificates are not watched: the next resync (5 s here) reads cert-manager's word.
    const failing = await waitForTickStorm('Certificate=False CertificateNotReady', (t) => condition(t, 'Certificate')?.reason === 'CertificateNotReady');
    expect(condition(failing, 'Certificate')?.message).toContain('Failed: The certificate request has failed to complete');
    expect(condition(failing, 'Ready')?.status).toBe('True');
  });

  it('makes no write in the steady state, the Certificate included', async () => {
    await waitForTickStorm('Ready', readyForGeneration);
    const before = await settledWrites(env.operator);
    await sleep(12_000); // two resync periods (--resync-period=5s) and then some
    expect(await env.operator.writesByResource()).toEqual(before);
  }, 180_000);

  it('removing tls deletes the Certificate and the mount; the Secret cert-manager wrote stays', async () => {
    await env.client.patch(TickStorms, NAME, env.namespace, { spec: { tls: null } });
    await waitFor(async () => !(await env.client.tryGet(Certificates, `${NAME}-tls`, env.namespace)), { description: 'the Certificate to be deleted' });
    const ready = await waitForReady(env.client, env.namespace, NAME, 60_000);
    expect(condition(ready, 'Certificate')).toBeUndefined();
    const volumes = (await deployment())?.spec?.template.spec?.volumes ?? [];
    expect(volumes.map((v) => v.secret?.secretName)).not.toContain(`${NAME}-tls`);
    expect(await serverEnv(env.client, env.namespace, NAME)).not.toHaveProperty('TLS_ENABLED');
    expect(await env.client.tryGet(ResourceTypes.Secret, `${NAME}-tls`, env.namespace)).toBeDefined();
  });
});
