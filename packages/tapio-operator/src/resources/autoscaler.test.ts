import { aCluster } from '../../test/fixtures.ts';
import { desiredHorizontalPodAutoscaler } from './autoscaler.ts';

const autoscaling = { enabled: true, maxReplicas: 10, targetCPUUtilizationPercentage: 80 };
const hpa = (overrides: object = {}) =>
  desiredHorizontalPodAutoscaler(aCluster(), { deploymentName: 'dev-gateway', component: 'gateway', replicas: 2, autoscaling: { ...autoscaling, ...overrides } });

describe('desiredHorizontalPodAutoscaler', () => {
  it('is undefined unless asked for', () => {
    expect(hpa({ enabled: false })).toBeUndefined();
  });

  it('scales the stable Deployment on CPU, from replicas up to maxReplicas', () => {
    expect(hpa()?.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'dev-gateway' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
    });
  });

  it('takes minReplicas when set, and never a maximum below it', () => {
    expect(hpa({ minReplicas: 4 })?.spec).toMatchObject({ minReplicas: 4, maxReplicas: 10 });
    expect(hpa({ maxReplicas: 1 })?.spec).toMatchObject({ minReplicas: 2, maxReplicas: 2 });
  });

  it('matches the snapshot', () => {
    expect(hpa()).toMatchSnapshot();
  });
});
