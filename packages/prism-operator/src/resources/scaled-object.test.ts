import { aPattern, exampleBackend, examplePattern, withAutoscaling } from '../../test/fixtures.ts';
import { desiredScaledObject } from './scaled-object.ts';

const kafkaType = { kind: 'type', type: 'kafka' } as const;

describe('desiredScaledObject', () => {
  const scaledObject = desiredScaledObject(examplePattern('prismpattern_keda_kafka_example'), kafkaType, new Map());

  it('is a keda.sh/v1alpha1 ScaledObject <pattern> on the pattern\'s Deployment, owned by the pattern', () => {
    expect(scaledObject.apiVersion).toBe('keda.sh/v1alpha1');
    expect(scaledObject.metadata.name).toBe('consumer-kafka-orders');
    expect(scaledObject.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'consumer-kafka-orders' });
    expect(scaledObject.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismPattern', name: 'consumer-kafka-orders', controller: true })]);
  });

  it('carries the bounds, polling interval and cooldown period', () => {
    expect(scaledObject.spec).toMatchObject({ minReplicaCount: 1, maxReplicaCount: 50, pollingInterval: 10, cooldownPeriod: 300 });
  });

  it('leaves pollingInterval and cooldownPeriod to KEDA\'s defaults when unset, and scales to zero when asked', () => {
    const spec = desiredScaledObject(aPattern(withAutoscaling({ scaler: 'keda', minReplicas: 0, triggers: [{ type: 'redis', metadata: { listName: 'jobs', listLength: '1000' } }] })), kafkaType, new Map()).spec;
    expect(spec.pollingInterval).toBeUndefined();
    expect(spec.cooldownPeriod).toBeUndefined();
    expect(spec.minReplicaCount).toBe(0);
  });

  it('hands the behavior to the HPA KEDA manages', () => {
    const spec = desiredScaledObject(
      aPattern(withAutoscaling({ scaler: 'keda', triggers: [{ type: 'redis', metadata: { listName: 'l' } }], behavior: { scaleDown: { stabilizationWindowSeconds: 600 } } })),
      kafkaType,
      new Map(),
    ).spec;
    expect(spec.advanced).toEqual({ horizontalPodAutoscalerConfig: { behavior: { scaleDown: { stabilizationWindowSeconds: 600 } } } });
    expect(scaledObject.spec.advanced).toBeUndefined();
  });

  it.each([
    ['kafka', { bootstrapServers: 'kafka:9092', consumerGroup: 'g', topic: 't', lagThreshold: '1000' }],
    ['nats-jetstream', { natsServerMonitoringEndpoint: 'nats:8222', stream: 'EVENTS', consumer: 'c', lagThreshold: '100' }],
    ['aws-sqs-queue', { queueURL: 'https://sqs.us-east-1.amazonaws.com/1/q', awsRegion: 'us-east-1', queueLength: '1000' }],
    ['rabbitmq', { host: 'amqp://rmq:5672', queueName: 'orders', mode: 'QueueLength', value: '500' }],
    ['redis', { address: 'redis:6379', listName: 'jobs', listLength: '1000' }],
    ['postgresql', { host: 'pg', port: '5432', dbName: 'app', userName: 'app', query: 'SELECT count(*) FROM jobs WHERE done = false', targetQueryValue: '10' }],
  ])('carries every trigger type of the seed\'s table: %s', (type, metadata) => {
    const spec = desiredScaledObject(aPattern(withAutoscaling({ scaler: 'keda', triggers: [{ type, metadata }] })), kafkaType, new Map()).spec;
    expect(spec.triggers).toEqual([{ type, metadata }]);
  });

  it('writes the multi-trigger example\'s cpu trigger in the form KEDA reads, and authenticates SQS from its PrismBackend', () => {
    const sqs = exampleBackend('prismpattern_keda_multi_trigger_example');
    const { triggers } = desiredScaledObject(examplePattern('prismpattern_keda_multi_trigger_example'), kafkaType, new Map([['orders-sqs', sqs]])).spec;
    expect(triggers.map((t) => [t.type, t.authenticationRef?.name])).toEqual([
      ['kafka', undefined],
      ['nats-jetstream', undefined],
      ['aws-sqs-queue', 'consumer-multi-source-orders-sqs'],
      ['cpu', undefined],
    ]);
    expect(triggers[3]).toEqual({ type: 'cpu', metadata: { value: '80' }, metricType: 'Utilization' });
  });

  it('matches the snapshot for the KEDA Kafka example', () => {
    expect(scaledObject).toMatchSnapshot();
  });
});
