import { aBackend, exampleBackend } from '../../test/fixtures.ts';
import { backendConnection } from './backend-connection.ts';

const envOf = (connection: ReturnType<typeof backendConnection>) => Object.fromEntries(connection.env.map((v) => [v.name, v.value ?? v.valueFrom]));

describe('backendConnection', () => {
  it('gives a backend type alone as PRISM_BACKEND_TYPE, with nothing to mount', () => {
    expect(backendConnection({ kind: 'type', type: 'kafka' })).toEqual({ env: [{ name: 'PRISM_BACKEND_TYPE', value: 'kafka' }], volumes: [], volumeMounts: [] });
  });

  it('gives the endpoints, SASL mechanism and TLS of a Kafka PrismBackend', () => {
    const env = envOf(backendConnection({ kind: 'resource', backend: exampleBackend('prismbackend_kafka_example') }));
    expect(env).toMatchObject({
      PRISM_BACKEND_NAME: 'kafka-production',
      PRISM_BACKEND_TYPE: 'kafka',
      PRISM_BACKEND_ENDPOINTS: 'kafka-0.kafka:9093,kafka-1.kafka:9093,kafka-2.kafka:9093',
      PRISM_BACKEND_SASL_MECHANISM: 'scram-sha-512',
      PRISM_BACKEND_TLS: 'true',
      PRISM_BACKEND_TLS_CA_FILE: '/etc/prism/backend/ca/ca.crt',
    });
  });

  it('reads credentials through secretKeyRef only, never as values', () => {
    const { env } = backendConnection({ kind: 'resource', backend: exampleBackend('prismbackend_kafka_example') });
    const credentials = env.filter((v) => /USERNAME|PASSWORD/.test(v.name));
    expect(credentials).toEqual([
      { name: 'PRISM_BACKEND_USERNAME', valueFrom: { secretKeyRef: { name: 'kafka-credentials', key: 'username' } } },
      { name: 'PRISM_BACKEND_PASSWORD', valueFrom: { secretKeyRef: { name: 'kafka-credentials', key: 'password' } } },
    ]);
  });

  it('gives sqs the AWS SDK\'s own variables, the keys from the Secret', () => {
    const env = envOf(backendConnection({ kind: 'resource', backend: exampleBackend('prismpattern_keda_multi_trigger_example') }));
    expect(env).toMatchObject({
      AWS_REGION: 'us-east-1',
      PRISM_BACKEND_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue',
      AWS_ACCESS_KEY_ID: { secretKeyRef: { name: 'aws-credentials', key: 'AWS_ACCESS_KEY_ID' } },
      AWS_SECRET_ACCESS_KEY: { secretKeyRef: { name: 'aws-credentials', key: 'AWS_SECRET_ACCESS_KEY' } },
    });
    expect(env.AWS_ENDPOINT_URL).toBeUndefined();
  });

  it('mounts the CA (only its key) and the client certificate read-only, the key readable by the group only', () => {
    const backend = aBackend('r', { type: 'redis', endpoints: ['r:6379'], tls: { enabled: true, caSecretName: 'ca', caKey: 'root.pem', clientCertSecretName: 'client' } });
    const connection = backendConnection({ kind: 'resource', backend });
    expect(connection.volumes).toEqual([
      { name: 'backend-ca', secret: { secretName: 'ca', items: [{ key: 'root.pem', path: 'root.pem' }], defaultMode: 0o444 } },
      { name: 'backend-client-cert', secret: { secretName: 'client', items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'tls.key' }], defaultMode: 0o440 } },
    ]);
    expect(connection.volumeMounts).toEqual([
      { name: 'backend-ca', mountPath: '/etc/prism/backend/ca', readOnly: true },
      { name: 'backend-client-cert', mountPath: '/etc/prism/backend/client', readOnly: true },
    ]);
    expect(envOf(connection)).toMatchObject({
      PRISM_BACKEND_TLS_CA_FILE: '/etc/prism/backend/ca/root.pem',
      PRISM_BACKEND_TLS_CERT_FILE: '/etc/prism/backend/client/tls.crt',
      PRISM_BACKEND_TLS_KEY_FILE: '/etc/prism/backend/client/tls.key',
    });
  });

  it('matches the snapshot for the Kafka backend example', () => {
    expect(backendConnection({ kind: 'resource', backend: exampleBackend('prismbackend_kafka_example') })).toMatchSnapshot();
  });
});
