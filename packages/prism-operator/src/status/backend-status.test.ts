import { aBackend, exampleBackend } from '../../test/fixtures.ts';
import { computeBackendStatus } from './backend-status.ts';

const NOW = new Date('2026-05-01T10:00:00Z');
const none = { missingSecrets: [], missingKeys: [] };
const ready = (status: ReturnType<typeof computeBackendStatus>) => status.conditions.find((c) => c.type === 'Ready');

describe('computeBackendStatus', () => {
  it('Ready when every Secret and key exists, saying where the backend is', () => {
    const status = computeBackendStatus(exampleBackend('prismbackend_kafka_example'), none, NOW);
    expect(status.phase).toBe('Ready');
    expect(ready(status)).toMatchObject({ status: 'True', reason: 'Configured', observedGeneration: 1 });
    expect(ready(status)?.message).toBe('kafka at kafka-0.kafka:9093, kafka-1.kafka:9093, kafka-2.kafka:9093, credentials from Secret kafka-credentials');
    expect(status.conditions.map((c) => [c.type, c.status])).toEqual([
      ['Ready', 'True'],
      ['Progressing', 'False'],
      ['Degraded', 'False'],
    ]);
  });

  it('names the queue of an sqs backend', () => {
    expect(ready(computeBackendStatus(exampleBackend('prismpattern_keda_multi_trigger_example'), none, NOW))?.message).toContain(
      'queue https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue in us-east-1',
    );
  });

  it('Failed with SecretNotFound naming the missing Secrets, never a value', () => {
    const status = computeBackendStatus(exampleBackend('prismbackend_kafka_example'), { missingSecrets: ['kafka-credentials', 'kafka-ca'], missingKeys: [] }, NOW);
    expect(status.phase).toBe('Failed');
    expect(ready(status)).toMatchObject({ status: 'False', reason: 'SecretNotFound' });
    expect(ready(status)?.message).toBe('Secrets "kafka-credentials", "kafka-ca" not found in namespace prism-test; the runners and KEDA read the credentials from them');
  });

  it('Failed with SecretKeyNotFound naming the keys', () => {
    const status = computeBackendStatus(aBackend('r', { type: 'redis', endpoints: ['r:6379'], credentials: { secretName: 'rs' } }), { missingSecrets: [], missingKeys: [{ secret: 'rs', key: 'password' }] }, NOW);
    expect(ready(status)).toMatchObject({ reason: 'SecretKeyNotFound', message: 'missing "password" in Secret "rs"; set the key names under spec.credentials or spec.tls, or add the keys' });
  });

  it('Failed with InvalidSpec first', () => {
    expect(ready(computeBackendStatus(exampleBackend('prismbackend_kafka_example'), { ...none, specError: 'spec.endpoints: required' }, NOW))?.reason).toBe('InvalidSpec');
  });
});
