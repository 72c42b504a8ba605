import { readdirSync } from 'node:fs';
import { validatePrismBackend, validatePrismNamespace, validatePrismPattern, validatePrismStack } from '../src/api/v1alpha1/validation.ts';
import { EXAMPLE_NAMES, exampleNamespace, examplePattern, exampleStack, readExample } from './fixtures.ts';

const validators: Record<string, (value: unknown) => { ok: boolean; errors?: unknown }> = {
  PrismPattern: validatePrismPattern,
  PrismBackend: validatePrismBackend,
  PrismStack: validatePrismStack,
  PrismNamespace: validatePrismNamespace,
};

describe('examples/', () => {
  it('holds exactly the seed\'s samples, under the names its commands use, and one example of each other kind', () => {
    const files = readdirSync(new URL('../examples/', import.meta.url)).sort();
    expect(files).toEqual(EXAMPLE_NAMES.map((name) => `${name}.yaml`).sort());
  });

  it.each(EXAMPLE_NAMES)('%s validates against the schemas and the CEL rules', (name) => {
    for (const doc of readExample(name)) {
      const validate = validators[doc.kind];
      if (!validate) throw new Error(`${name}: no validator for kind ${doc.kind}`);
      const result = validate(doc);
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it.each(EXAMPLE_NAMES)('%s applies in whatever namespace the user is in', (name) => {
    for (const doc of readExample(name)) expect(doc.metadata.namespace).toBeUndefined();
  });

  it('the HPA sample is producer-kafka-events, 2 to 20 runners at 75% CPU, as the seed\'s commands use it', () => {
    const { metadata, spec } = examplePattern('prismpattern_hpa_example');
    expect(metadata.name).toBe('producer-kafka-events');
    expect(spec.autoscaling).toMatchObject({ enabled: true, scaler: 'hpa', minReplicas: 2, maxReplicas: 20, targetCPUUtilizationPercentage: 75 });
    expect(spec.autoscaling.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 300 }, scaleUp: { stabilizationWindowSeconds: 0 } });
  });

  it('the KEDA sample scales a Kafka consumer on lag', () => {
    const { autoscaling } = examplePattern('prismpattern_keda_kafka_example').spec;
    expect(autoscaling).toMatchObject({ scaler: 'keda', minReplicas: 1, maxReplicas: 50, pollingInterval: 10, cooldownPeriod: 300 });
    expect(autoscaling.triggers?.map((t) => t.type)).toEqual(['kafka']);
  });

  it('the multi-trigger sample combines Kafka, NATS, SQS and CPU', () => {
    const { autoscaling } = examplePattern('prismpattern_keda_multi_trigger_example').spec;
    expect(autoscaling.triggers?.map((t) => t.type)).toEqual(['kafka', 'nats-jetstream', 'aws-sqs-queue', 'cpu']);
  });

  it('the production sample has no image (the default applies), resources and placement', () => {
    const { spec } = examplePattern('prismpattern_production_example');
    expect(spec.image).toBeUndefined();
    expect(spec.resources.requests).toEqual({ cpu: '2000m', memory: '4Gi' });
    expect(spec.placement?.nodeSelector).toEqual({ workload: 'data-intensive' });
  });

  it('the custom-metrics sample scales on the Pods metric http_requests_per_second', () => {
    const { metrics } = examplePattern('prismpattern_hpa_custom_metrics_example').spec.autoscaling;
    expect(metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '1000' } } },
    ]);
  });

  it('the stack example has a KEDA consumer and HPA producer and key-value runners on two backends', () => {
    const { patterns, backends } = exampleStack().spec;
    expect(patterns?.map((p) => [p.name, p.pattern, p.autoscaling.scaler])).toEqual([
      ['orders-consumer', 'consumer', 'keda'],
      ['events-producer', 'producer', 'hpa'],
      ['sessions', 'keyvalue', 'hpa'],
    ]);
    expect(backends?.map((b) => [b.name, b.type])).toEqual([
      ['kafka', 'kafka'],
      ['cache', 'redis'],
    ]);
  });

  it('the namespace example provisions tenant-acme', () => {
    expect(exampleNamespace().metadata.name).toBe('tenant-acme');
  });
});
