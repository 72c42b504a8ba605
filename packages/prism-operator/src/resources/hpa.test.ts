import { aPattern, examplePattern, withAutoscaling } from '../../test/fixtures.ts';
import { desiredPatternHpa, toHpaMetric } from './hpa.ts';

describe('desiredPatternHpa', () => {
  const hpa = desiredPatternHpa(examplePattern('prismpattern_hpa_example'));

  it('is an autoscaling/v2 HPA <pattern> on the pattern\'s Deployment, as `kubectl get hpa producer-kafka-events` expects', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.metadata?.name).toBe('producer-kafka-events');
    expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'producer-kafka-events' });
    expect(hpa.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismPattern', controller: true })]);
  });

  it('scales between minReplicas and maxReplicas at the CPU target', () => {
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 20 });
    expect(hpa.spec?.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } }]);
  });

  it('carries the seed\'s behavior', () => {
    expect(hpa.spec?.behavior).toEqual({ scaleDown: { stabilizationWindowSeconds: 300 }, scaleUp: { stabilizationWindowSeconds: 0 } });
  });

  it('adds the memory target and custom metrics after CPU', () => {
    const both = desiredPatternHpa(
      aPattern(
        withAutoscaling({
          targetCPUUtilizationPercentage: 70,
          targetMemoryUtilizationPercentage: 80,
          metrics: [{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: 1000 } } }],
        }),
      ),
    );
    expect(both.spec?.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '1000' } } },
    ]);
    expect(both.spec?.behavior).toBeUndefined();
  });

  it('passes the seed\'s custom Pods metric on, its quantity as written', () => {
    expect(desiredPatternHpa(examplePattern('prismpattern_hpa_custom_metrics_example')).spec?.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '1000' } } },
    ]);
  });

  it('matches the snapshot for the HPA example', () => {
    expect(hpa).toMatchSnapshot();
  });
});

describe('toHpaMetric', () => {
  it('converts every metric source', () => {
    const target = { type: 'Value' as const, value: 5 };
    expect(toHpaMetric({ type: 'External', external: { metric: { name: 'queue', selector: { matchLabels: { q: 'orders' } } }, target } })).toEqual({
      type: 'External',
      external: { metric: { name: 'queue', selector: { matchLabels: { q: 'orders' } } }, target: { type: 'Value', value: '5' } },
    });
    expect(toHpaMetric({ type: 'Object', object: { describedObject: { kind: 'Ingress', name: 'web' }, metric: { name: 'rps' }, target } })).toMatchObject({
      object: { describedObject: { kind: 'Ingress', name: 'web' }, target: { value: '5' } },
    });
    expect(toHpaMetric({ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'runner', target: { type: 'Utilization', averageUtilization: 60 } } })).toEqual({
      type: 'ContainerResource',
      containerResource: { name: 'cpu', container: 'runner', target: { type: 'Utilization', averageUtilization: 60 } },
    });
  });
});
