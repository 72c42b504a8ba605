import { anApp, exampleApp, withAutoscaling, withoutAutoscaling, withReplicas, withSpec } from '../../test/fixtures.ts';
import { autoscalingActive, desiredAutoscaler, perPodTargetRps, replicaBounds } from './autoscaler.ts';
import { withDefaults } from '../api/v1/defaults.ts';

describe('desiredAutoscaler', () => {
  it('is <app>-hpa on the Deployment, the name the seed describes', () => {
    const hpa = desiredAutoscaler(exampleApp('custom-app'));
    expect(hpa?.apiVersion).toBe('autoscaling/v2');
    expect(hpa?.metadata?.name).toBe('custom-cyclone-app-hpa');
    expect(hpa?.spec?.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'custom-cyclone-app' });
  });

  it('scales between the bounds of the seed on CPU and on requests per second per pod', () => {
    const hpa = desiredAutoscaler(exampleApp('custom-app'));
    expect(hpa?.spec?.minReplicas).toBe(3);
    expect(hpa?.spec?.maxReplicas).toBe(50);
    expect(hpa?.spec?.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '150000' } } },
    ]);
  });

  it('derives unset bounds from replicas', () => {
    expect(replicaBounds(anApp())).toEqual({ minReplicas: 3, maxReplicas: 10 });
    expect(replicaBounds(exampleApp('production-api'))).toEqual({ minReplicas: 10, maxReplicas: 10 });
    expect(replicaBounds(anApp(withReplicas(20)))).toEqual({ minReplicas: 20, maxReplicas: 20 });
    expect(replicaBounds(anApp(withSpec({ autoscaling: { minReplicas: 2 } })))).toEqual({ minReplicas: 2, maxReplicas: 10 });
  });

  it('derives the per-pod RPS target from the app target shared by its replicas', () => {
    expect(perPodTargetRps(anApp())).toBe(333334);
    expect(perPodTargetRps(exampleApp('custom-app'))).toBe(150000);
  });

  it('leaves the CPU metric out when the container requests no CPU', () => {
    expect(desiredAutoscaler(anApp(withAutoscaling))?.spec?.metrics?.map((metric) => metric.type)).toEqual(['Pods']);
    expect(desiredAutoscaler(withDefaults(withAutoscaling(exampleApp('production-api'))))?.spec?.metrics?.map((metric) => metric.type)).toEqual(['Resource', 'Pods']);
  });

  it('is absent without the autoscaling block, when it is off, or when the app is stopped', () => {
    expect(desiredAutoscaler(anApp())).toBeUndefined();
    expect(autoscalingActive(anApp())).toBe(false);
    expect(desiredAutoscaler(anApp(withoutAutoscaling))).toBeUndefined();
    expect(desiredAutoscaler(anApp(withAutoscaling, withReplicas(0)))).toBeUndefined();
    expect(autoscalingActive(anApp(withAutoscaling, withReplicas(0)))).toBe(false);
    expect(autoscalingActive(anApp(withAutoscaling))).toBe(true);
  });

  it('matches the snapshot', () => {
    expect(desiredAutoscaler(exampleApp('custom-app'))).toMatchSnapshot();
  });
});
