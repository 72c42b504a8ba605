import { aCluster } from '../../test/fixtures.ts';
import { desiredPodDisruptionBudget } from './disruption-budget.ts';

const selector = { app: 'x' };
const budget = (replicas: number, highAvailability: boolean) =>
  desiredPodDisruptionBudget(aCluster(), { name: 'dev-nats', component: 'nats', selector, replicas, highAvailability });

describe('desiredPodDisruptionBudget', () => {
  it.each([
    [1, true],
    [3, false],
  ])('is undefined for %i pod(s) with highAvailability %s', (replicas, highAvailability) => {
    expect(budget(replicas, highAvailability)).toBeUndefined();
  });

  it.each([2, 3, 5])('lets one of %i pods go at a time, and unhealthy pods always', (replicas) => {
    expect(budget(replicas, true)?.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it('matches the snapshot', () => {
    expect(budget(3, true)).toMatchSnapshot();
  });
});
