import { aStack, exampleStack, withStackSpec } from '../../test/fixtures.ts';
import { desiredProxyHpa } from './stack-hpa.ts';

describe('desiredProxyHpa', () => {
  it('scales <stack>-proxy on CPU and request rate, as the seed\'s strategy table says', () => {
    const hpa = desiredProxyHpa(exampleStack());
    expect(hpa?.metadata?.name).toBe('prism-proxy');
    expect(hpa?.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'prism-proxy' });
    expect(hpa?.spec).toMatchObject({ minReplicas: 3, maxReplicas: 20 });
    expect(hpa?.spec?.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } },
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '1000' } } },
    ]);
  });

  it('scales on CPU alone without targetRequestsPerSecond, with the defaults', () => {
    const hpa = desiredProxyHpa(aStack());
    expect(hpa?.spec).toMatchObject({ minReplicas: 2, maxReplicas: 10 });
    expect(hpa?.spec?.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 75 } } }]);
  });

  it('reads the request rate from the metric requestRateMetric names', () => {
    const hpa = desiredProxyHpa(aStack(withStackSpec({ proxy: { autoscaling: { targetRequestsPerSecond: 50, requestRateMetric: 'prism_proxy_rps' } } })));
    expect(hpa?.spec?.metrics?.[1]?.pods?.metric.name).toBe('prism_proxy_rps');
  });

  it('is undefined with the proxy\'s autoscaling off', () => {
    expect(desiredProxyHpa(aStack(withStackSpec({ proxy: { autoscaling: { enabled: false } } })))).toBeUndefined();
  });

  it('matches the snapshot for the stack example', () => {
    expect(desiredProxyHpa(exampleStack())).toMatchSnapshot();
  });
});
