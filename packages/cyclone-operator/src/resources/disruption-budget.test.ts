import { anApp, exampleApp, withoutAutoscaling, withReplicas, withSpec } from '../../test/fixtures.ts';
import { desiredDisruptionBudget } from './disruption-budget.ts';

describe('desiredDisruptionBudget', () => {
  it('lets one pod at a time be disrupted, unready ones always', () => {
    const pdb = desiredDisruptionBudget(anApp());
    expect(pdb?.metadata?.name).toBe('my-cyclone-app');
    expect(pdb?.spec).toEqual({
      maxUnavailable: 1,
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cyclone-web', 'app.kubernetes.io/instance': 'my-cyclone-app', 'app.kubernetes.io/component': 'web' } },
      unhealthyPodEvictionPolicy: 'AlwaysAllow',
    });
  });

  it('exists only when the app never runs fewer than two pods', () => {
    expect(desiredDisruptionBudget(anApp(withoutAutoscaling, withReplicas(1)))).toBeUndefined();
    expect(desiredDisruptionBudget(anApp(withReplicas(0)))).toBeUndefined();
    expect(desiredDisruptionBudget(anApp(withSpec({ replicas: 5, autoscaling: { minReplicas: 1 } })))).toBeUndefined();
    expect(desiredDisruptionBudget(anApp(withSpec({ replicas: 1, autoscaling: { minReplicas: 2 } })))).toBeDefined();
  });

  it('matches the snapshot', () => {
    expect(desiredDisruptionBudget(exampleApp('staging-api'))).toMatchSnapshot();
  });
});
