// The webhook CA every operator replica signs its serving certificate with, kept in a Secret of the
// operator's namespace: the first replica to start generates it, the others read it, so the one CA
// bundle in the webhook configurations verifies every replica (the API server may call any of them).
// The Secret is read directly, never cached.
import { X509Certificate } from 'node:crypto';
import type { V1Secret } from '@kubernetes/client-node';
import { generateCertificateAuthority, isAlreadyExists, isConflict, ResourceTypes, type CertificateAuthority, type KubeClient } from '@operators/k8s-common';

const CERT_KEY = 'ca.crt';
const KEY_KEY = 'ca.key';

function fromSecret(secret: V1Secret | undefined): CertificateAuthority | undefined {
  const cert = secret?.data?.[CERT_KEY];
  const key = secret?.data?.[KEY_KEY];
  if (!cert || !key) return undefined;
  const certPem = Buffer.from(cert, 'base64').toString('utf8');
  const x509 = new X509Certificate(certPem);
  return { certPem, keyPem: Buffer.from(key, 'base64').toString('utf8'), notBefore: new Date(x509.validFrom), notAfter: new Date(x509.validTo) };
}

/** The CA in Secret `name` of `namespace`, made and stored first when there is none (or it expired). */
export async function sharedCertificateAuthority(client: KubeClient, namespace: string, name: string, commonName = 'tapio-operator-webhook-ca'): Promise<CertificateAuthority> {
  const stored = fromSecret(await client.tryGet<V1Secret>(ResourceTypes.Secret, name, namespace));
  if (stored && stored.notAfter.getTime() > Date.now()) return stored;
  const ca = await generateCertificateAuthority({ commonName });
  const secret: V1Secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/managed-by': 'tapio-operator', 'app.kubernetes.io/component': 'webhook' } },
    type: 'Opaque',
    data: { [CERT_KEY]: Buffer.from(ca.certPem).toString('base64'), [KEY_KEY]: Buffer.from(ca.keyPem).toString('base64') },
  };
  try {
    if (stored) await client.replace(ResourceTypes.Secret, { ...secret, metadata: { ...secret.metadata, resourceVersion: (await client.get<V1Secret>(ResourceTypes.Secret, name, namespace)).metadata?.resourceVersion } });
    else await client.create(ResourceTypes.Secret, secret, namespace);
    return ca;
  } catch (err) {
    // Another replica stored one first: theirs is the shared one.
    if (!isAlreadyExists(err) && !isConflict(err)) throw err;
    return fromSecret(await client.get<V1Secret>(ResourceTypes.Secret, name, namespace))!;
  }
}
