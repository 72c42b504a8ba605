// What a pattern runner gets from its backend: the connection as environment variables, the
// credentials as secretKeyRefs (never their values), and the TLS files as Secret volumes.
import type { V1EnvVar, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { DefaultedPrismBackend } from '../api/v1alpha1/defaults.ts';
import type { BackendType } from '../api/v1alpha1/prismbackend.ts';
import { credentialRefs, tlsRefs, type SecretKeyRef } from './backend-secrets.ts';
import { nameOf } from './metadata.ts';

/** Where the backend's CA and client certificate are mounted in the runner. */
export const BACKEND_CA_DIR = '/etc/prism/backend/ca';
export const BACKEND_CLIENT_CERT_DIR = '/etc/prism/backend/client';
const CA_VOLUME = 'backend-ca';
const CLIENT_CERT_VOLUME = 'backend-client-cert';

/** The backend a pattern uses: a PrismBackend it names, or just a backend type the runner is configured for otherwise. */
export type PatternBackend = { kind: 'resource'; backend: DefaultedPrismBackend } | { kind: 'type'; type: BackendType };

export interface BackendConnection {
  env: V1EnvVar[];
  volumes: V1Volume[];
  volumeMounts: V1VolumeMount[];
}

export function backendConnection(backend: PatternBackend): BackendConnection {
  if (backend.kind === 'type') return { env: [literal('PRISM_BACKEND_TYPE', backend.type)], volumes: [], volumeMounts: [] };
  const resource = backend.backend;
  const { spec } = resource;
  const credentials = credentialRefs(spec);
  const { ca, clientCert } = tlsRefs(spec);
  const env: V1EnvVar[] = [
    literal('PRISM_BACKEND_NAME', nameOf(resource)),
    literal('PRISM_BACKEND_TYPE', spec.type),
    ...optional('PRISM_BACKEND_ENDPOINTS', spec.endpoints?.join(',')),
    ...optional('PRISM_BACKEND_DATABASE', spec.database),
    ...optional('PRISM_BACKEND_VHOST', spec.vhost),
    ...optional('PRISM_BACKEND_MONITORING_ENDPOINT', spec.monitoringEndpoint),
    ...optional('PRISM_BACKEND_SASL_MECHANISM', spec.sasl?.mechanism),
    ...optional('PRISM_BACKEND_QUEUE_URL', spec.queueURL),
    // The AWS SDKs read these names themselves.
    ...optional('AWS_REGION', spec.region),
    ...(spec.type === 'sqs' ? optional('AWS_ENDPOINT_URL', spec.endpoints?.[0]) : []),
    ...fromSecret('PRISM_BACKEND_USERNAME', credentials.username),
    ...fromSecret('PRISM_BACKEND_PASSWORD', credentials.password),
    ...fromSecret('AWS_ACCESS_KEY_ID', credentials.accessKeyID),
    ...fromSecret('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey),
    ...(spec.tls?.enabled ? [literal('PRISM_BACKEND_TLS', 'true')] : []),
    ...(spec.tls?.insecureSkipVerify ? [literal('PRISM_BACKEND_TLS_INSECURE_SKIP_VERIFY', 'true')] : []),
    ...(ca ? [literal('PRISM_BACKEND_TLS_CA_FILE', `${BACKEND_CA_DIR}/${ca.key}`)] : []),
    ...(clientCert
      ? [literal('PRISM_BACKEND_TLS_CERT_FILE', `${BACKEND_CLIENT_CERT_DIR}/${clientCert.cert}`), literal('PRISM_BACKEND_TLS_KEY_FILE', `${BACKEND_CLIENT_CERT_DIR}/${clientCert.key}`)]
      : []),
  ];
  const volumes: V1Volume[] = [
    // Only the CA's key is projected: the Secret may hold other keys the runner has no use for.
    ...(ca ? [{ name: CA_VOLUME, secret: { secretName: ca.secret, items: [{ key: ca.key, path: ca.key }], defaultMode: 0o444 } }] : []),
    // 0440: the private key is readable by the runner's group (fsGroup) and nobody else.
    ...(clientCert
      ? [
          {
            name: CLIENT_CERT_VOLUME,
            secret: { secretName: clientCert.secret, items: [{ key: clientCert.cert, path: clientCert.cert }, { key: clientCert.key, path: clientCert.key }], defaultMode: 0o440 },
          },
        ]
      : []),
  ];
  const volumeMounts: V1VolumeMount[] = [
    ...(ca ? [{ name: CA_VOLUME, mountPath: BACKEND_CA_DIR, readOnly: true }] : []),
    ...(clientCert ? [{ name: CLIENT_CERT_VOLUME, mountPath: BACKEND_CLIENT_CERT_DIR, readOnly: true }] : []),
  ];
  return { env, volumes, volumeMounts };
}

const literal = (name: string, value: string): V1EnvVar => ({ name, value });
const optional = (name: string, value: string | undefined): V1EnvVar[] => (value === undefined ? [] : [literal(name, value)]);
const fromSecret = (name: string, ref: SecretKeyRef | undefined): V1EnvVar[] =>
  ref ? [{ name, valueFrom: { secretKeyRef: { name: ref.secret, key: ref.key } } }] : [];
