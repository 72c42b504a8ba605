import { desiredReplicas } from './replicas.ts';

describe('desiredReplicas', () => {
  const bounds = { replicas: 3, minReplicas: 2, maxReplicas: 20 };

  it('is the spec\'s count without autoscaling, whatever the live Deployment has', () => {
    expect(desiredReplicas({ ...bounds, autoscaled: false }, undefined)).toBe(3);
    expect(desiredReplicas({ ...bounds, autoscaled: false }, 9)).toBe(3);
  });

  it('is the live count with autoscaling, so the operator never undoes the autoscaler', () => {
    expect(desiredReplicas({ ...bounds, autoscaled: true }, 17)).toBe(17);
    expect(desiredReplicas({ ...bounds, autoscaled: true }, 0)).toBe(0);
  });

  it('starts an autoscaled workload at the spec\'s count kept within the bounds', () => {
    expect(desiredReplicas({ ...bounds, autoscaled: true }, undefined)).toBe(3);
    expect(desiredReplicas({ ...bounds, replicas: 1, autoscaled: true }, undefined)).toBe(2);
    expect(desiredReplicas({ ...bounds, replicas: 50, autoscaled: true }, undefined)).toBe(20);
  });
});
