import { aTickStorm, exampleTickStorm, withAutoscaling, withReplicas, withSpec } from '../../test/fixtures.ts';
import { desiredDisruptionBudget } from './disruption-budget.ts';

describe('desiredDisruptionBudget', () => {
  it("is the seed's <name>-pdb: at least one pod available", () => {
    const pdb = desiredDisruptionBudget(aTickStorm());
    expect(pdb?.apiVersion).toBe('policy/v1');
    expect(pdb?.metadata?.name).toBe('tick-storm-pdb');
    expect(pdb?.spec).toEqual({
      minAvailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'tick-storm', 'app.kubernetes.io/instance': 'tick-storm', 'app.kubernetes.io/component': 'server' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it.each([0, 1])('is undefined for %i replica(s): it would block every drain', (replicas) => {
    expect(desiredDisruptionBudget(aTickStorm(withReplicas(replicas)))).toBeUndefined();
  });

  it("counts the HPA's minReplicas with autoscaling, not replicas", () => {
    expect(desiredDisruptionBudget(aTickStorm(withReplicas(1), withAutoscaling({ minReplicas: 2 })))).toBeDefined();
    expect(desiredDisruptionBudget(aTickStorm(withReplicas(5), withAutoscaling({ minReplicas: 1 })))).toBeUndefined();
  });

  it('is undefined when disabled, and takes a percentage', () => {
    expect(desiredDisruptionBudget(aTickStorm(withSpec({ disruption: { enabled: false } })))).toBeUndefined();
    expect(desiredDisruptionBudget(aTickStorm(withSpec({ disruption: { minAvailable: '50%' } })))?.spec?.minAvailable).toBe('50%');
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredDisruptionBudget(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
