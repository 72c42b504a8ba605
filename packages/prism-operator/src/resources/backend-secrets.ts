// Which Secret keys a backend's credentials and TLS files are read from. Secrets are only ever
// referenced: pods read them through secretKeyRef and volumes, KEDA through a TriggerAuthentication.
import type { DefaultedPrismBackendSpec } from '../api/v1alpha1/defaults.ts';
import { DEFAULT_CA_KEY } from '../api/v1alpha1/prismbackend.ts';

export interface SecretKeyRef {
  secret: string;
  key: string;
}

/** The credentials of a backend, each as a key of its Secret. */
export interface CredentialRefs {
  username?: SecretKeyRef;
  password?: SecretKeyRef;
  accessKeyID?: SecretKeyRef;
  secretAccessKey?: SecretKeyRef;
}

export const TLS_CERT_KEY = 'tls.crt';
export const TLS_KEY_KEY = 'tls.key';

/** The TLS files of a backend, when TLS is on. */
export interface TlsRefs {
  ca?: SecretKeyRef;
  clientCert?: { secret: string; cert: string; key: string };
}

export function credentialRefs(spec: DefaultedPrismBackendSpec): CredentialRefs {
  const credentials = spec.credentials;
  if (!credentials) return {};
  const ref = (key: string): SecretKeyRef => ({ secret: credentials.secretName, key });
  if (spec.type === 'sqs') {
    return {
      accessKeyID: ref(credentials.accessKeyIDKey ?? 'AWS_ACCESS_KEY_ID'),
      secretAccessKey: ref(credentials.secretAccessKeyKey ?? 'AWS_SECRET_ACCESS_KEY'),
    };
  }
  // Redis authenticates with a password alone unless it uses ACL users; asking every redis Secret
  // for a user name would make a password-only Secret fail.
  const usesUsername = spec.type !== 'redis' || credentials.usernameKey !== undefined;
  return {
    ...(usesUsername ? { username: ref(credentials.usernameKey ?? 'username') } : {}),
    password: ref(credentials.passwordKey ?? 'password'),
  };
}

export function tlsRefs(spec: DefaultedPrismBackendSpec): TlsRefs {
  const tls = spec.tls;
  if (!tls?.enabled) return {};
  return {
    ...(tls.caSecretName ? { ca: { secret: tls.caSecretName, key: tls.caKey ?? DEFAULT_CA_KEY } } : {}),
    ...(tls.clientCertSecretName ? { clientCert: { secret: tls.clientCertSecretName, cert: TLS_CERT_KEY, key: TLS_KEY_KEY } } : {}),
  };
}

/**
 * Every Secret the backend names with the keys it needs from it, for the reconciler to check
 * (existence and key names only: values are never read) before reporting the backend Ready.
 */
export function requiredSecretKeys(spec: DefaultedPrismBackendSpec): Map<string, string[]> {
  const { ca, clientCert } = tlsRefs(spec);
  const refs = [...Object.values(credentialRefs(spec)), ...(ca ? [ca] : []), ...(clientCert ? [{ secret: clientCert.secret, key: clientCert.cert }, { secret: clientCert.secret, key: clientCert.key }] : [])];
  const required = new Map<string, string[]>();
  for (const { secret, key } of refs) {
    const keys = required.get(secret) ?? [];
    if (!keys.includes(key)) keys.push(key);
    required.set(secret, keys);
  }
  return required;
}
