import { aPattern, examplePattern, withAutoscaling } from '../../test/fixtures.ts';
import { planScalers } from './scaler-plan.ts';

const keda = withAutoscaling({ scaler: 'keda', triggers: [{ type: 'redis', metadata: { listName: 'jobs' } }] });
const hpa = withAutoscaling({ scaler: 'hpa', targetCPUUtilizationPercentage: 75 });

describe('planScalers', () => {
  it('hpa: applies the HPA and removes a ScaledObject left from keda', () => {
    expect(planScalers(aPattern(hpa), { kedaServed: true })).toEqual({ wanted: 'hpa', apply: 'hpa', remove: ['keda'] });
  });

  it('hpa without KEDA: nothing of KEDA\'s to remove (no such object can exist)', () => {
    expect(planScalers(examplePattern('prismpattern_hpa_example'), { kedaServed: false })).toEqual({ wanted: 'hpa', apply: 'hpa', remove: [] });
  });

  it('keda: applies the ScaledObject and removes the HPA first, never both', () => {
    expect(planScalers(examplePattern('prismpattern_keda_kafka_example'), { kedaServed: true })).toEqual({ wanted: 'keda', apply: 'keda', remove: ['hpa'] });
  });

  it('keda without KEDA\'s CRDs: no scaler at all, the HPA removed, blocked with KEDANotInstalled', () => {
    const plan = planScalers(aPattern(keda), { kedaServed: false });
    expect(plan).toMatchObject({ wanted: 'keda', apply: 'none', remove: ['hpa'] });
    expect(plan.blocked?.reason).toBe('KEDANotInstalled');
    expect(plan.blocked?.message).toContain('install KEDA');
  });

  it('autoscaling off: no scaler, and whichever existed removed', () => {
    expect(planScalers(aPattern(), { kedaServed: true })).toEqual({ wanted: 'none', apply: 'none', remove: ['hpa', 'keda'] });
    expect(planScalers(aPattern(), { kedaServed: false })).toEqual({ wanted: 'none', apply: 'none', remove: ['hpa'] });
  });

  it('hpa → keda → hpa: each plan keeps exactly one scaler and removes the other', () => {
    const plans = [hpa, keda, hpa].map((option) => planScalers(aPattern(option), { kedaServed: true }));
    expect(plans.map((p) => [p.apply, p.remove])).toEqual([
      ['hpa', ['keda']],
      ['keda', ['hpa']],
      ['hpa', ['keda']],
    ]);
    for (const plan of plans) expect(plan.remove).not.toContain(plan.apply);
  });
});
