import { aStack, exampleStack, withStackSpec } from '../../test/fixtures.ts';
import { validatePrismBackend, validatePrismPattern } from '../api/v1alpha1/validation.ts';
import { desiredStackBackends, desiredStackPatterns, stackEnv } from './stack-children.ts';

describe('desiredStackPatterns', () => {
  const patterns = desiredStackPatterns(exampleStack());

  it('makes one PrismPattern <stack>-<name> per entry, owned by the stack and labelled with it', () => {
    expect(patterns.map((p) => p.metadata.name)).toEqual(['prism-orders-consumer', 'prism-events-producer', 'prism-sessions']);
    for (const pattern of patterns) {
      expect(pattern.metadata.namespace).toBe('prism-test');
      expect(pattern.metadata.labels).toMatchObject({ 'prism.io/stack': 'prism', 'app.kubernetes.io/instance': 'prism', 'app.kubernetes.io/component': 'pattern' });
      expect(pattern.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismStack', name: 'prism', controller: true })]);
    }
  });

  it('points a backend that names one of the stack\'s backends at its PrismBackend <stack>-<name>', () => {
    expect(patterns.map((p) => p.spec.backend)).toEqual(['prism-kafka', 'prism-kafka', 'prism-cache']);
  });

  it('keeps a backend outside the stack, and rewrites trigger backendRefs the same way', () => {
    const [pattern] = desiredStackPatterns(
      aStack(
        withStackSpec({
          backends: [{ name: 'queue', type: 'sqs', region: 'us-east-1' }],
          patterns: [
            {
              name: 'worker',
              pattern: 'consumer',
              backend: 'shared-kafka',
              autoscaling: { enabled: true, scaler: 'keda', triggers: [{ type: 'aws-sqs-queue', metadata: { queueLength: '10' }, backendRef: { name: 'queue' } }] },
            },
          ],
        }),
      ),
    );
    expect(pattern?.spec.backend).toBe('shared-kafka');
    expect(pattern?.spec.autoscaling?.triggers?.[0]?.backendRef).toEqual({ name: 'prism-queue' });
  });

  it('tells each runner where the proxy and the admin plane are, the entry\'s own env winning', () => {
    const [pattern] = desiredStackPatterns(aStack(withStackSpec({ patterns: [{ name: 'p', pattern: 'consumer', backend: 'kafka', env: [{ name: 'PRISM_ADMIN_ENDPOINT', value: 'elsewhere:1' }] }] })));
    expect(pattern?.spec.env).toEqual([
      { name: 'PRISM_PROXY_ENDPOINT', value: 'prism-proxy:8980' },
      { name: 'PRISM_ADMIN_ENDPOINT', value: 'elsewhere:1' },
    ]);
  });

  it('makes children that pass the PrismPattern validation', () => {
    for (const pattern of patterns) {
      const result = validatePrismPattern(pattern);
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('matches the snapshot for the stack example', () => {
    expect(patterns).toMatchSnapshot();
  });
});

describe('stackEnv', () => {
  it('adds the tracing endpoint when set, and no admin endpoint without an admin plane', () => {
    expect(stackEnv(aStack(withStackSpec({ admin: { enabled: false }, observability: { tracing: { endpoint: 'http://otel:4317' } } })))).toEqual([
      { name: 'PRISM_PROXY_ENDPOINT', value: 'prism-proxy:8980' },
      { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: 'http://otel:4317' },
    ]);
  });
});

describe('desiredStackBackends', () => {
  const backends = desiredStackBackends(exampleStack());

  it('makes one PrismBackend <stack>-<name> per entry with the entry\'s fields as spec', () => {
    expect(backends.map((b) => [b.metadata.name, b.spec])).toEqual([
      ['prism-kafka', { type: 'kafka', endpoints: ['kafka:9092'] }],
      ['prism-cache', { type: 'redis', endpoints: ['redis:6379'] }],
    ]);
    expect(backends[0]?.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismStack', controller: true })]);
    for (const backend of backends) {
      const result = validatePrismBackend(backend);
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('matches the snapshot for the stack example', () => {
    expect(backends).toMatchSnapshot();
  });
});
