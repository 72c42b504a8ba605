import type { DefaultedPrismBackend } from '../api/v1alpha1/defaults.ts';
import { aBackend, aPattern, examplePattern, withAutoscaling, withPatternSpec } from '../../test/fixtures.ts';
import { connectionMetadata, kedaTriggers, triggerBackendName } from './keda-triggers.ts';

const noAuth = () => undefined;
const byName = (...backends: DefaultedPrismBackend[]) => new Map(backends.map((b) => [b.metadata.name!, b]));
const kafka = aBackend('orders-kafka', { type: 'kafka', endpoints: ['k-0:9092', 'k-1:9092'], sasl: { mechanism: 'scram-sha-256' }, credentials: { secretName: 'kc' }, tls: { enabled: true } });

describe('triggerBackendName', () => {
  const trigger = (t: object) => ({ type: 'kafka', metadata: { consumerGroup: 'g' }, ...t });

  it('is the backendRef when set', () => {
    expect(triggerBackendName(trigger({ backendRef: { name: 'other' } }), { kind: 'resource', backend: kafka })).toBe('other');
  });

  it('is the pattern\'s PrismBackend when it is of the trigger\'s kind', () => {
    expect(triggerBackendName(trigger({}), { kind: 'resource', backend: kafka })).toBe('orders-kafka');
    expect(triggerBackendName({ type: 'redis', metadata: { listName: 'l' } }, { kind: 'resource', backend: kafka })).toBeUndefined();
  });

  it('is none for a trigger with its own authenticationRef, or a pattern backend that is only a type', () => {
    expect(triggerBackendName(trigger({ authenticationRef: { name: 'mine', kind: 'TriggerAuthentication' } }), { kind: 'resource', backend: kafka })).toBeUndefined();
    expect(triggerBackendName(trigger({}), { kind: 'type', type: 'kafka' })).toBeUndefined();
  });
});

describe('kedaTriggers', () => {
  it('passes the seed\'s kafka trigger on unchanged', () => {
    expect(kedaTriggers(examplePattern('prismpattern_keda_kafka_example'), { kind: 'type', type: 'kafka' }, new Map(), noAuth)).toEqual([
      { type: 'kafka', metadata: { bootstrapServers: 'kafka:9092', consumerGroup: 'prism-orders', topic: 'orders', lagThreshold: '1000' } },
    ]);
  });

  it('fills the connection from the pattern\'s PrismBackend, what the trigger sets winning, and references its TriggerAuthentication', () => {
    const pattern = aPattern(
      withPatternSpec({ backend: 'orders-kafka' }),
      withAutoscaling({ scaler: 'keda', triggers: [{ type: 'kafka', metadata: { consumerGroup: 'g', tls: 'disable' } }] }),
    );
    expect(kedaTriggers(pattern, { kind: 'resource', backend: kafka }, byName(kafka), () => 'orders-orders-kafka')).toEqual([
      {
        type: 'kafka',
        metadata: { bootstrapServers: 'k-0:9092,k-1:9092', sasl: 'scram_sha256', tls: 'disable', consumerGroup: 'g' },
        authenticationRef: { name: 'orders-orders-kafka' },
      },
    ]);
  });

  it('keeps a trigger\'s own authenticationRef', () => {
    const pattern = aPattern(withAutoscaling({ scaler: 'keda', triggers: [{ type: 'kafka', metadata: { consumerGroup: 'g' }, authenticationRef: { name: 'mine', kind: 'ClusterTriggerAuthentication' } }] }));
    expect(kedaTriggers(pattern, { kind: 'resource', backend: kafka }, byName(kafka), () => 'unused')[0]?.authenticationRef).toEqual({ name: 'mine', kind: 'ClusterTriggerAuthentication' });
  });

  it('moves the cpu trigger\'s metadata.type, which KEDA 2.18 stopped reading, to metricType', () => {
    const pattern = aPattern(withAutoscaling({ scaler: 'keda', triggers: [{ type: 'cpu', metadata: { type: 'Utilization', value: '80' } }] }));
    expect(kedaTriggers(pattern, { kind: 'type', type: 'kafka' }, new Map(), noAuth)).toEqual([{ type: 'cpu', metadata: { value: '80' }, metricType: 'Utilization' }]);
  });

  it('keeps the multi-trigger example\'s four triggers in order, the SQS one from its backendRef', () => {
    const sqs = aBackend('orders-sqs', { type: 'sqs', region: 'us-east-1', queueURL: 'https://sqs.us-east-1.amazonaws.com/1/q', credentials: { secretName: 'aws' } });
    const triggers = kedaTriggers(examplePattern('prismpattern_keda_multi_trigger_example'), { kind: 'type', type: 'kafka' }, byName(sqs), () => 'consumer-multi-source-orders-sqs');
    expect(triggers.map((t) => t.type)).toEqual(['kafka', 'nats-jetstream', 'aws-sqs-queue', 'cpu']);
    expect(triggers[2]).toEqual({
      type: 'aws-sqs-queue',
      metadata: { queueURL: 'https://sqs.us-east-1.amazonaws.com/1/q', awsRegion: 'us-east-1', queueLength: '1000' },
      authenticationRef: { name: 'consumer-multi-source-orders-sqs' },
    });
    expect(triggers[3]).toEqual({ type: 'cpu', metadata: { value: '80' }, metricType: 'Utilization' });
  });

  it('leaves a trigger whose backendRef was not found without connection or authentication', () => {
    const pattern = aPattern(withAutoscaling({ scaler: 'keda', triggers: [{ type: 'redis', metadata: { listName: 'l' }, backendRef: { name: 'missing' } }] }));
    expect(kedaTriggers(pattern, { kind: 'type', type: 'kafka' }, new Map(), () => 'x')).toEqual([{ type: 'redis', metadata: { listName: 'l' } }]);
  });
});

describe('connectionMetadata', () => {
  it.each([
    ['kafka', aBackend('b', { type: 'kafka', endpoints: ['a:9092', 'b:9092'], tls: { enabled: true, insecureSkipVerify: true } }), { bootstrapServers: 'a:9092,b:9092', tls: 'enable', unsafeSsl: 'true' }],
    ['nats-jetstream', aBackend('b', { type: 'nats', endpoints: ['nats:4222'], monitoringEndpoint: 'nats:8222' }), { natsServerMonitoringEndpoint: 'nats:8222' }],
    ['redis', aBackend('b', { type: 'redis', endpoints: ['r:6379', 'r2:6379'], database: '2', tls: { enabled: true } }), { address: 'r:6379', databaseIndex: '2', enableTLS: 'true' }],
    ['postgresql', aBackend('b', { type: 'postgresql', endpoints: ['pg.db:5432'], database: 'orders' }), { host: 'pg.db', port: '5432', dbName: 'orders', sslmode: 'disable' }],
    ['aws-sqs-queue', aBackend('b', { type: 'sqs', region: 'eu-west-1', endpoints: ['http://localstack:4566'] }), { awsRegion: 'eu-west-1', awsEndpoint: 'http://localstack:4566' }],
    ['rabbitmq', aBackend('b', { type: 'rabbitmq', endpoints: ['rmq:5671'], vhost: 'orders', tls: { enabled: true } }), { host: 'amqps://rmq:5671', vhostName: 'orders' }],
  ])('gives a %s trigger its connection, never credentials', (type, backend, expected) => {
    expect(connectionMetadata(type, backend)).toEqual(expected);
  });

  it('gives nothing to a trigger of another kind than the backend', () => {
    expect(connectionMetadata('redis', kafka)).toEqual({});
    expect(connectionMetadata('cpu', kafka)).toEqual({});
  });
});
