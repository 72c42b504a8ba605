import { aTickStorm, exampleTickStorm, withAutoscaling } from '../../test/fixtures.ts';
import { desiredAutoscaler } from './autoscaler.ts';

describe('desiredAutoscaler', () => {
  it('is undefined without spec.autoscaling, so removing it removes the HPA', () => {
    expect(desiredAutoscaler(aTickStorm())).toBeUndefined();
  });

  it("is <name>-hpa on the Deployment with the seed's targets and behavior", () => {
    const hpa = desiredAutoscaler(aTickStorm(withAutoscaling()));
    expect(hpa?.apiVersion).toBe('autoscaling/v2');
    expect(hpa?.metadata?.name).toBe('tick-storm-hpa');
    expect(hpa?.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'tick-storm' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
      behavior: {
        scaleUp: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }, { type: 'Pods', value: 4, periodSeconds: 60 }] },
        scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Min', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] },
      },
    });
    expect(hpa?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TickStorm', controller: true });
  });

  it('follows the spec', () => {
    const hpa = desiredAutoscaler(
      aTickStorm(withAutoscaling({ minReplicas: 3, maxReplicas: 6, targetCPUUtilizationPercentage: 50, behavior: { scaleDown: { selectPolicy: 'Disabled' } } })),
    );
    expect(hpa?.spec).toMatchObject({ minReplicas: 3, maxReplicas: 6 });
    expect(hpa?.spec?.metrics?.[0]?.resource?.target.averageUtilization).toBe(50);
    expect(hpa?.spec?.behavior?.scaleDown).toMatchObject({ selectPolicy: 'Disabled', stabilizationWindowSeconds: 300 });
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredAutoscaler(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
