import { ConditionsSchema, withCelRules, type CelRule } from '@operators/k8s-common';
import Type, { type Static } from 'typebox';
import { MAX_LABEL_LENGTH } from './group.ts';
import { metadataNameRule, observedGenerationSchema, prismCrd, resourceSchema, type NamedResource } from './resource.ts';
import { SecretKey, SecretName, strict, Switch } from './workload.ts';

export const BACKEND_KIND = 'PrismBackend';
export const BACKEND_PLURAL = 'prismbackends';

export const BACKEND_TYPES = ['kafka', 'nats', 'redis', 'postgresql', 'sqs', 'rabbitmq'] as const;
export type BackendType = (typeof BACKEND_TYPES)[number];

const Endpoint = Type.String({ minLength: 1, maxLength: 512, pattern: '^[^\\s,]+$', description: 'An address, host:port.' });

export const credentialsSchema = Type.Object(
  {
    secretName: SecretName(
      'Secret in this namespace holding the credentials. They are never copied: pods read them through secretKeyRef and KEDA through a TriggerAuthentication that names this Secret.',
    ),
    usernameKey: Type.Optional(
      SecretKey('Key of the user name in the Secret. Default: "username" for kafka, postgresql, rabbitmq and nats; redis uses no user name unless this is set (ACL users).'),
    ),
    passwordKey: Type.Optional(SecretKey('Key of the password in the Secret. Default: "password".')),
    accessKeyIDKey: Type.Optional(SecretKey('sqs: key of the AWS access key ID in the Secret. Default: "AWS_ACCESS_KEY_ID".')),
    secretAccessKeyKey: Type.Optional(SecretKey('sqs: key of the AWS secret access key in the Secret. Default: "AWS_SECRET_ACCESS_KEY".')),
  },
  { ...strict, description: 'Credentials, by reference to a Secret only: a credential is never written into a PrismBackend, a pod spec, a status or an Event.' },
);

type TlsShape = { enabled?: boolean; caSecretName?: string; clientCertSecretName?: string; insecureSkipVerify?: boolean };
export const tlsRules: readonly CelRule<TlsShape>[] = [
  {
    rule: '(has(self.enabled) && self.enabled) || !(has(self.caSecretName) || has(self.clientCertSecretName) || (has(self.insecureSkipVerify) && self.insecureSkipVerify))',
    message: 'caSecretName, clientCertSecretName and insecureSkipVerify need enabled: true',
    fieldPath: '.enabled',
    holds: (self) => self.enabled === true || !(self.caSecretName !== undefined || self.clientCertSecretName !== undefined || self.insecureSkipVerify === true),
  },
];

export const tlsSchema = withCelRules(Type.Object(
  {
    enabled: Switch('Connect over TLS.'),
    caSecretName: Type.Optional(SecretName('Secret with the CA that signs the backend\'s certificate; unset trusts the system CAs.')),
    caKey: Type.Optional(SecretKey('Key of the CA certificate in caSecretName. Default: "ca.crt".')),
    clientCertSecretName: Type.Optional(
      SecretName('Secret of type kubernetes.io/tls (tls.crt, tls.key) with a client certificate, for backends that authenticate clients by certificate.'),
    ),
    insecureSkipVerify: Switch('Do not verify the backend\'s certificate. For tests only.'),
  },
  { ...strict, description: 'TLS of the connection.' },
), tlsRules);

/** The CA certificate's key in caSecretName when tls.caKey is unset. */
export const DEFAULT_CA_KEY = 'ca.crt';

export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** The fields of a backend connection; a PrismBackend's spec, and an entry of a PrismStack's backends with a name added. */
export const backendSpecProperties = {
  type: Type.Enum([...BACKEND_TYPES], { description: 'What the backend is: kafka, nats, redis, postgresql, sqs (AWS SQS) or rabbitmq.' }),
  endpoints: Type.Optional(
    Type.Array(Endpoint, {
      minItems: 1,
      maxItems: 16,
      'x-kubernetes-list-type': 'atomic',
      description:
        'Addresses of the backend, host:port: the bootstrap servers of kafka, the servers of nats, redis, postgresql and rabbitmq (the first one is used where only one can be). Required except for sqs, where it can override the AWS endpoint (e.g. LocalStack).',
    }),
  ),
  database: Type.Optional(
    Type.String({ minLength: 1, maxLength: 63, description: 'postgresql: the database name. redis: the database index (digits).' }),
  ),
  region: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'sqs: the AWS region, e.g. us-east-1. Required for sqs.' })),
  queueURL: Type.Optional(
    Type.String({ minLength: 1, maxLength: 1024, pattern: '^https?://', description: 'sqs: the queue URL, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/orders.' }),
  ),
  vhost: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'rabbitmq: the virtual host; unset uses the default one.' })),
  monitoringEndpoint: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 512,
      pattern: '^[^\\s,]+$',
      description: 'nats: host:port of the NATS HTTP monitoring endpoint (usually port 8222), which KEDA\'s nats-jetstream trigger reads.',
    }),
  ),
  sasl: Type.Optional(
    Type.Object(
      { mechanism: Type.Enum([...SASL_MECHANISMS], { description: 'SASL mechanism: plain, scram-sha-256 or scram-sha-512.' }) },
      { ...strict, description: 'kafka: SASL authentication with the user name and password of credentials.' },
    ),
  ),
  credentials: Type.Optional(credentialsSchema),
  tls: Type.Optional(tlsSchema),
};

type BackendShape = {
  type: string;
  endpoints?: string[];
  database?: string;
  region?: string;
  queueURL?: string;
  vhost?: string;
  monitoringEndpoint?: string;
  sasl?: unknown;
  credentials?: { usernameKey?: string; passwordKey?: string; accessKeyIDKey?: string; secretAccessKeyKey?: string };
  tls?: unknown;
};

/** A field that only one backend type reads is rejected on the others, so a typo in `type` cannot silently drop it. */
const onlyFor = (field: keyof BackendShape, types: readonly BackendType[]): CelRule<BackendShape> => ({
  rule: `!has(self.${field}) || ${types.length === 1 ? `self.type == '${types[0]}'` : `self.type in [${types.map((t) => `'${t}'`).join(', ')}]`}`,
  message: `${field} is only used with type ${types.join(' or ')}`,
  fieldPath: `.${field}`,
  holds: (self) => self[field] === undefined || (types as readonly string[]).includes(self.type),
});

export const backendSpecRules: readonly CelRule<BackendShape>[] = [
  {
    rule: "self.type == 'sqs' || has(self.endpoints)",
    message: 'endpoints is required for every type but sqs',
    fieldPath: '.endpoints',
    holds: (self) => self.type === 'sqs' || self.endpoints !== undefined,
  },
  {
    rule: "self.type != 'sqs' || has(self.region)",
    message: 'region is required for type sqs',
    fieldPath: '.region',
    holds: (self) => self.type !== 'sqs' || self.region !== undefined,
  },
  onlyFor('region', ['sqs']),
  onlyFor('queueURL', ['sqs']),
  onlyFor('vhost', ['rabbitmq']),
  onlyFor('monitoringEndpoint', ['nats']),
  onlyFor('sasl', ['kafka']),
  onlyFor('database', ['postgresql', 'redis']),
  {
    rule: "self.type != 'redis' || !has(self.database) || self.database.matches('^[0-9]+$')",
    message: 'for redis, database is the database index: digits only',
    fieldPath: '.database',
    holds: (self) => self.type !== 'redis' || self.database === undefined || /^[0-9]+$/.test(self.database),
  },
  {
    rule: '!has(self.sasl) || has(self.credentials)',
    message: 'sasl needs credentials: the user name and password it authenticates with',
    fieldPath: '.credentials',
    holds: (self) => self.sasl === undefined || self.credentials !== undefined,
  },
  {
    rule: "self.type != 'sqs' || !has(self.tls)",
    message: 'tls does not apply to sqs, which is always reached over HTTPS',
    fieldPath: '.tls',
    holds: (self) => self.type !== 'sqs' || self.tls === undefined,
  },
  {
    rule: "!has(self.credentials) || self.type == 'sqs' || !(has(self.credentials.accessKeyIDKey) || has(self.credentials.secretAccessKeyKey))",
    message: 'credentials.accessKeyIDKey and credentials.secretAccessKeyKey are only used with type sqs',
    fieldPath: '.credentials',
    holds: (self) => self.type === 'sqs' || !(self.credentials?.accessKeyIDKey !== undefined || self.credentials?.secretAccessKeyKey !== undefined),
  },
  {
    rule: "!has(self.credentials) || self.type != 'sqs' || !(has(self.credentials.usernameKey) || has(self.credentials.passwordKey))",
    message: 'sqs credentials are an access key: use credentials.accessKeyIDKey and credentials.secretAccessKeyKey',
    fieldPath: '.credentials',
    holds: (self) => self.type !== 'sqs' || !(self.credentials?.usernameKey !== undefined || self.credentials?.passwordKey !== undefined),
  },
];

export const PrismBackendSpec = withCelRules(Type.Object(backendSpecProperties, {
  ...strict,
  description: 'A connection to a backend. PrismPatterns that name it get its connection settings as environment variables and its TLS files as volumes; KEDA triggers that need its credentials get a TriggerAuthentication made from it.',
}), backendSpecRules);

export const BACKEND_PHASES = ['Pending', 'Ready', 'Failed'] as const;

export const PrismBackendStatus = Type.Object(
  {
    phase: Type.Optional(
      Type.Enum([...BACKEND_PHASES], {
        description: 'Pending: not checked yet. Ready: every Secret it names exists with the keys it needs. Failed: a Secret or key is missing (the Ready condition says which).',
      }),
    ),
    conditions: Type.Optional(ConditionsSchema({ description: 'Ready, Progressing and Degraded.' })),
    observedGeneration: observedGenerationSchema(),
  },
  { ...strict, description: 'Observed state of the backend connection, written by the operator.' },
);

// Its name becomes part of TriggerAuthentication names (<pattern>-<backend>) and the value of the
// prism.io/backend label, which is at most 63 characters.
export const backendNameRules: readonly CelRule<NamedResource>[] = [
  metadataNameRule('DNS-1123', MAX_LABEL_LENGTH, 'it is the value of the prism.io/backend label'),
];

const description = 'A connection to a Prism backend (kafka, nats, redis, postgresql, sqs, rabbitmq): endpoints, credentials by Secret reference, TLS.';

export const PrismBackendSchema = resourceSchema(BACKEND_KIND, PrismBackendSpec, PrismBackendStatus, description, backendNameRules);

export type PrismBackendSpec = Static<typeof PrismBackendSpec>;
export type PrismBackendStatus = Static<typeof PrismBackendStatus>;
export type PrismBackend = Static<typeof PrismBackendSchema>;
export type BackendPhase = (typeof BACKEND_PHASES)[number];

export const prismBackendCrd = prismCrd({
  kind: BACKEND_KIND,
  plural: BACKEND_PLURAL,
  shortNames: ['pbackend', 'pbe'],
  scope: 'Namespaced',
  description,
  spec: PrismBackendSpec,
  status: PrismBackendStatus,
  nameRules: backendNameRules,
  printerColumns: [
    { name: 'Type', type: 'string', jsonPath: '.spec.type' },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Endpoints', type: 'string', jsonPath: '.spec.endpoints', priority: 1 },
  ],
});
