import { aBackend, aPattern, withAutoscaling, withPatternSpec } from '../../test/fixtures.ts';
import { referencedBackendNames, resolvePatternBackend, triggerBackendProblems } from './pattern-backend.ts';

const kafka = aBackend('kafka', { type: 'kafka', endpoints: ['k:9092'] });
const orders = aBackend('orders', { type: 'kafka', endpoints: ['k:9092'] });
const sqs = aBackend('queue', { type: 'sqs', region: 'us-east-1' });

describe('resolvePatternBackend', () => {
  it('is the PrismBackend spec.backend names', () => {
    expect(resolvePatternBackend(aPattern(withPatternSpec({ backend: 'orders' })), new Map([['orders', orders]]))).toEqual({ ok: true, backend: { kind: 'resource', backend: orders } });
  });

  it('is a backend type when no PrismBackend has that name, as the seed writes backend: kafka', () => {
    expect(resolvePatternBackend(aPattern(), new Map())).toEqual({ ok: true, backend: { kind: 'type', type: 'kafka' } });
  });

  it('prefers a PrismBackend over the backend type of the same spelling', () => {
    expect(resolvePatternBackend(aPattern(), new Map([['kafka', kafka]]))).toMatchObject({ ok: true, backend: { kind: 'resource' } });
  });

  it('is BackendNotFound for a name that is neither', () => {
    const resolution = resolvePatternBackend(aPattern(withPatternSpec({ backend: 'orders' })), new Map());
    expect(resolution).toMatchObject({ ok: false, reason: 'BackendNotFound' });
    expect(!resolution.ok && resolution.message).toContain('spec.backend "orders"');
  });
});

describe('referencedBackendNames', () => {
  it('lists spec.backend and every trigger backendRef once', () => {
    const pattern = aPattern(
      withAutoscaling({
        scaler: 'keda',
        triggers: [
          { type: 'aws-sqs-queue', backendRef: { name: 'queue' } },
          { type: 'aws-sqs-queue', backendRef: { name: 'queue' } },
          { type: 'kafka', metadata: { consumerGroup: 'g' } },
        ],
      }),
    );
    expect(referencedBackendNames(pattern)).toEqual(['kafka', 'queue']);
  });
});

describe('triggerBackendProblems', () => {
  const withTrigger = (trigger: object) => aPattern(withAutoscaling({ scaler: 'keda', triggers: [{ type: 'aws-sqs-queue', ...trigger }] }));

  it('is nothing when every backendRef exists and fits its trigger', () => {
    expect(triggerBackendProblems(withTrigger({ backendRef: { name: 'queue' } }), { kind: 'type', type: 'kafka' }, new Map([['queue', sqs]]))).toEqual([]);
  });

  it('names a trigger whose backendRef does not exist', () => {
    expect(triggerBackendProblems(withTrigger({ backendRef: { name: 'queue' } }), { kind: 'type', type: 'kafka' }, new Map())).toEqual([
      'spec.autoscaling.triggers[0] (aws-sqs-queue): backendRef "queue" is not a PrismBackend in this namespace',
    ]);
  });

  it('names a trigger whose backend is of another type', () => {
    expect(triggerBackendProblems(withTrigger({ backendRef: { name: 'orders' } }), { kind: 'type', type: 'kafka' }, new Map([['orders', orders]]))).toEqual([
      'spec.autoscaling.triggers[0] (aws-sqs-queue): backendRef "orders" is a kafka backend, but a aws-sqs-queue trigger needs a sqs one',
    ]);
  });
});
