import { aCluster, exampleCluster, withReplicas } from '../../test/fixtures.ts';
import { desiredPodDisruptionBudget } from './pdb.ts';

describe('desiredPodDisruptionBudget', () => {
  it.each([0, 1])('is undefined for %i broker(s)', (replicas) => {
    expect(desiredPodDisruptionBudget(aCluster(withReplicas(replicas)))).toBeUndefined();
  });

  it.each([2, 3, 5])('lets one of %i brokers be disrupted at a time', (replicas) => {
    const pdb = desiredPodDisruptionBudget(aCluster(withReplicas(replicas)));
    expect(pdb?.spec?.maxUnavailable).toBe(1);
    expect(pdb?.spec?.minAvailable).toBeUndefined();
  });

  it('selects the brokers by identity labels, lets unready brokers be evicted, and is owned by the cluster', () => {
    const pdb = desiredPodDisruptionBudget(aCluster());
    expect(pdb?.apiVersion).toBe('policy/v1');
    expect(pdb?.metadata?.name).toBe('streambus-minimal');
    expect(pdb?.spec?.selector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'streambus-broker',
        'app.kubernetes.io/instance': 'streambus-minimal',
        'app.kubernetes.io/component': 'broker',
      },
    });
    expect(pdb?.spec?.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(pdb?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'StreamBusCluster', controller: true });
  });

  it('matches the snapshot for the minimal example', () => {
    expect(desiredPodDisruptionBudget(exampleCluster('minimal-cluster'))).toMatchSnapshot();
  });
});
