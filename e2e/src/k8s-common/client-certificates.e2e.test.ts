import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { ApiError, generateCertificateAuthority, KubeClient, ResourceTypes } from '@operators/k8s-common';
import { createTestNamespace, testClient, testKubeConfig, waitFor } from '@operators/k8s-common/testing';

interface SelfSubjectReview {
  status: { userInfo: { username: string } };
}

/** Who the API server takes the client for; the HTTP status when it refuses to say. */
function whoAmI(client: KubeClient): Promise<string | number> {
  return client
    .request<SelfSubjectReview>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    })
    .then(
      (review) => review.status.userInfo.username,
      (err: unknown) => (err instanceof ApiError ? err.statusCode : Promise.reject(err)),
    );
}

// A kubeconfig whose client certificate and key are files, rewritten while the client runs, as
// certificate rotation (kubelet-style, cert-manager csi, a sidecar) does.
describe('client certificates that rotate on disk', () => {
  let admin: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let dir: string;

  beforeAll(async () => {
    admin = await testClient();
    ns = await createTestNamespace(admin, 'client-certs');
    dir = mkdtempSync(join(tmpdir(), 'client-certs-'));
  });
  afterAll(async () => {
    await ns.cleanup();
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('presents the certificate now on disk to new connections, and lets watches on the old ones finish', async () => {
    const base = testKubeConfig();
    const trusted: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
    await base.applyToHTTPSOptions(trusted as never);
    if (!trusted.cert || !trusted.key) throw new Error('this test needs a kubeconfig whose user authenticates with a client certificate');
    const untrusted = await generateCertificateAuthority({ commonName: 'not-known-to-the-cluster' });
    const certFile = join(dir, 'tls.crt');
    const keyFile = join(dir, 'tls.key');
    const install = (cert: string | Buffer, key: string | Buffer) => {
      writeFileSync(certFile, cert);
      writeFileSync(keyFile, key, { mode: 0o600 });
    };
    const cluster = base.getCurrentCluster()!;
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ ...cluster, name: 'rotating' }],
      users: [{ name: 'rotating', certFile, keyFile }],
      contexts: [{ name: 'rotating', cluster: 'rotating', user: 'rotating' }],
      currentContext: 'rotating',
    });
    const adminName = await whoAmI(admin);

    install(untrusted.certPem, untrusted.keyPem);
    const client = await KubeClient.create(kc);
    try {
      expect(await whoAmI(client)).toBe(401);

      install(trusted.cert, trusted.key);
      expect(await whoAmI(client)).toBe(adminName);
      expect(client.connections.rotations).toBe(1);

      // A watch on the trusted certificate's connection keeps running across the next rotation.
      const abort = new AbortController();
      const seen: string[] = [];
      const watching = (async () => {
        for await (const event of client.watch<V1ConfigMap>(ResourceTypes.ConfigMap, { namespace: ns.name, timeoutSeconds: 60, signal: abort.signal })) {
          seen.push(`${event.type}:${event.object.metadata?.name}`);
        }
      })();
      await waitFor(() => seen.includes('ADDED:kube-root-ca.crt'), { description: 'the watch to start' });
      install(untrusted.certPem, untrusted.keyPem);
      expect(await whoAmI(client)).toBe(401);
      expect(client.connections.rotations).toBe(2);
      await admin.create(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'after-rotation', namespace: ns.name } });
      await waitFor(() => seen.includes('ADDED:after-rotation'), { description: 'the watch opened before the rotation to see a new ConfigMap' });
      abort.abort();
      await watching;
    } finally {
      await client.close();
    }
  }, 60_000);
});
