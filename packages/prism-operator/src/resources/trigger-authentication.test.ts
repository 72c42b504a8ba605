import { aBackend, aPattern, exampleBackend, examplePattern, withAutoscaling, withPatternSpec } from '../../test/fixtures.ts';
import { desiredTriggerAuthentications, triggerAuthenticationParameters } from './trigger-authentication.ts';

describe('triggerAuthenticationParameters', () => {
  it.each([
    [
      'kafka: user, password, CA and client certificate',
      aBackend('b', { type: 'kafka', endpoints: ['k:9092'], credentials: { secretName: 'kc' }, tls: { enabled: true, caSecretName: 'ca', clientCertSecretName: 'cc' } }),
      [
        { parameter: 'username', name: 'kc', key: 'username' },
        { parameter: 'password', name: 'kc', key: 'password' },
        { parameter: 'ca', name: 'ca', key: 'ca.crt' },
        { parameter: 'cert', name: 'cc', key: 'tls.crt' },
        { parameter: 'key', name: 'cc', key: 'tls.key' },
      ],
    ],
    ['redis: the password alone', aBackend('b', { type: 'redis', endpoints: ['r:6379'], credentials: { secretName: 'rs' } }), [{ parameter: 'password', name: 'rs', key: 'password' }]],
    [
      'postgresql: userName and password, as KEDA spells them',
      aBackend('b', { type: 'postgresql', endpoints: ['pg:5432'], credentials: { secretName: 'pg', usernameKey: 'user' } }),
      [
        { parameter: 'userName', name: 'pg', key: 'user' },
        { parameter: 'password', name: 'pg', key: 'password' },
      ],
    ],
    [
      'rabbitmq: user and password',
      aBackend('b', { type: 'rabbitmq', endpoints: ['rmq:5672'], credentials: { secretName: 'rq' } }),
      [
        { parameter: 'username', name: 'rq', key: 'username' },
        { parameter: 'password', name: 'rq', key: 'password' },
      ],
    ],
    [
      'sqs: the access key',
      aBackend('b', { type: 'sqs', region: 'us-east-1', credentials: { secretName: 'aws' } }),
      [
        { parameter: 'awsAccessKeyID', name: 'aws', key: 'AWS_ACCESS_KEY_ID' },
        { parameter: 'awsSecretAccessKey', name: 'aws', key: 'AWS_SECRET_ACCESS_KEY' },
      ],
    ],
    ['nats: nothing (KEDA reads the monitoring endpoint)', aBackend('b', { type: 'nats', endpoints: ['n:4222'], credentials: { secretName: 'n' } }), []],
    ['a backend without credentials or TLS: nothing', aBackend('b', { type: 'kafka', endpoints: ['k:9092'] }), []],
  ])('%s', (_what, backend, expected) => {
    expect(triggerAuthenticationParameters(backend)).toEqual(expected);
  });
});

describe('desiredTriggerAuthentications', () => {
  const sqs = exampleBackend('prismpattern_keda_multi_trigger_example');
  const backends = new Map([['orders-sqs', sqs]]);

  it('makes one <pattern>-<backend> per backend the triggers use, owned by the pattern', () => {
    const [auth, ...rest] = desiredTriggerAuthentications(examplePattern('prismpattern_keda_multi_trigger_example'), { kind: 'type', type: 'kafka' }, backends);
    expect(rest).toEqual([]);
    expect(auth?.apiVersion).toBe('keda.sh/v1alpha1');
    expect(auth?.metadata.name).toBe('consumer-multi-source-orders-sqs');
    expect(auth?.metadata.labels).toMatchObject({ 'prism.io/backend': 'orders-sqs', 'app.kubernetes.io/instance': 'consumer-multi-source' });
    expect(auth?.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismPattern', name: 'consumer-multi-source', controller: true })]);
    expect(auth?.spec).toEqual({
      secretTargetRef: [
        { parameter: 'awsAccessKeyID', name: 'aws-credentials', key: 'AWS_ACCESS_KEY_ID' },
        { parameter: 'awsSecretAccessKey', name: 'aws-credentials', key: 'AWS_SECRET_ACCESS_KEY' },
      ],
    });
  });

  it('makes one for several triggers of one backend, and none for backends without credentials or not found', () => {
    const kafka = aBackend('kafka', { type: 'kafka', endpoints: ['k:9092'], credentials: { secretName: 'kc' } });
    const plain = aBackend('plain', { type: 'redis', endpoints: ['r:6379'] });
    const pattern = aPattern(
      withPatternSpec({ backend: 'kafka' }),
      withAutoscaling({
        scaler: 'keda',
        triggers: [
          { type: 'kafka', metadata: { consumerGroup: 'a' } },
          { type: 'kafka', metadata: { consumerGroup: 'b' } },
          { type: 'redis', metadata: { listName: 'l' }, backendRef: { name: 'plain' } },
          { type: 'redis', metadata: { listName: 'l' }, backendRef: { name: 'missing' } },
        ],
      }),
    );
    const auths = desiredTriggerAuthentications(pattern, { kind: 'resource', backend: kafka }, new Map([['kafka', kafka], ['plain', plain]]));
    expect(auths.map((a) => a.metadata.name)).toEqual(['orders-kafka']);
  });

  it('matches the snapshot for the multi-trigger example', () => {
    expect(desiredTriggerAuthentications(examplePattern('prismpattern_keda_multi_trigger_example'), { kind: 'type', type: 'kafka' }, backends)).toMatchSnapshot();
  });
});
