// Across every builder: a credential is only ever a reference to a Secret key.
import type { V1EnvVar } from '@kubernetes/client-node';
import type { DefaultedPrismBackend } from '../api/v1alpha1/defaults.ts';
import { aBackend, aPattern, withAutoscaling, withPatternSpec } from '../../test/fixtures.ts';
import { BACKEND_TYPES, type BackendType } from '../api/v1alpha1/prismbackend.ts';
import { desiredPatternDeployment } from './pattern-deployment.ts';
import { desiredScaledObject } from './scaled-object.ts';
import { desiredTriggerAuthentications } from './trigger-authentication.ts';
import { TRIGGER_BACKEND_TYPES } from './keda-triggers.ts';

const CREDENTIAL_NAME = /USERNAME|PASSWORD|SECRET|ACCESS_KEY|TOKEN/;
const CREDENTIAL_PARAMETERS = ['username', 'userName', 'password', 'awsAccessKeyID', 'awsSecretAccessKey', 'ca', 'cert', 'key'];

function backendOf(type: BackendType): DefaultedPrismBackend {
  const connection = type === 'sqs' ? { region: 'us-east-1', queueURL: 'https://sqs.us-east-1.amazonaws.com/1/q' } : { endpoints: ['host:1234'] };
  const tls = type === 'sqs' ? {} : { tls: { enabled: true, caSecretName: 'ca', clientCertSecretName: 'client' } };
  return aBackend(`${type}-backend`, { type, ...connection, credentials: { secretName: `${type}-credentials` }, ...tls, ...(type === 'kafka' ? { sasl: { mechanism: 'plain' as const } } : {}) });
}

const triggerTypeOf = (type: BackendType) => Object.entries(TRIGGER_BACKEND_TYPES).find(([, backend]) => backend === type)?.[0] ?? type;
const METADATA: Record<string, Record<string, string>> = {
  kafka: { consumerGroup: 'g' },
  'nats-jetstream': { stream: 's', consumer: 'c' },
  redis: { listName: 'l' },
  postgresql: { query: 'select 1', targetQueryValue: '1' },
  'aws-sqs-queue': {},
  rabbitmq: { queueName: 'q' },
};

describe.each(BACKEND_TYPES)('a %s PrismBackend with credentials and TLS', (type) => {
  const backend = backendOf(type);
  const triggerType = triggerTypeOf(type);
  const pattern = aPattern(withPatternSpec({ backend: backend.metadata.name! }), withAutoscaling({ scaler: 'keda', triggers: [{ type: triggerType, metadata: METADATA[triggerType] ?? {} }] }));
  const resolved = { kind: 'resource', backend } as const;
  const backends = new Map([[backend.metadata.name!, backend]]);

  it('reaches the runners only through secretKeyRef', () => {
    const env: V1EnvVar[] = desiredPatternDeployment(pattern, { backend: resolved }).spec!.template.spec!.containers[0]!.env!;
    const credentials = env.filter((v) => CREDENTIAL_NAME.test(v.name));
    expect(credentials.length).toBeGreaterThan(0);
    for (const variable of credentials) {
      expect(variable.value).toBeUndefined();
      expect(variable.valueFrom?.secretKeyRef?.name).toBe(`${type}-credentials`);
    }
  });

  it('reaches KEDA only through the TriggerAuthentication\'s secretTargetRef, never the trigger metadata', () => {
    const [trigger] = desiredScaledObject(pattern, resolved, backends).spec.triggers;
    expect(Object.keys(trigger!.metadata).filter((key) => CREDENTIAL_PARAMETERS.includes(key))).toEqual([]);
    for (const auth of desiredTriggerAuthentications(pattern, resolved, backends)) {
      expect(Object.keys(auth.spec)).toEqual(['secretTargetRef']);
      for (const ref of auth.spec.secretTargetRef) expect(['ca', 'client', `${type}-credentials`]).toContain(ref.name);
    }
  });
});
