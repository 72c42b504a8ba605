import { aCluster, exampleCluster, withSpec } from '../../test/fixtures.ts';
import { desiredNetworkPolicies } from './network-policy.ts';

const isolated = withSpec({ multiTenancy: { enabled: true, isolation: { networkPolicies: true } } });
const brokers = {
  'app.kubernetes.io/name': 'streambus-broker',
  'app.kubernetes.io/instance': 'streambus-minimal',
  'app.kubernetes.io/component': 'broker',
};
const tcp = (port: number) => ({ protocol: 'TCP', port });

describe('desiredNetworkPolicies', () => {
  it.each([
    ['by default', aCluster()],
    ['when multi-tenancy is on without network isolation', aCluster(withSpec({ multiTenancy: { enabled: true } }))],
    ['when network isolation is asked for but multi-tenancy is off', aCluster(withSpec({ multiTenancy: { enabled: false, isolation: { networkPolicies: true } } }))],
  ])('is empty %s', (_name, cluster) => {
    expect(desiredNetworkPolicies(cluster)).toEqual([]);
  });

  it('restricts ingress to the broker pods of this cluster, owned by the cluster', () => {
    const [policy, ...others] = desiredNetworkPolicies(aCluster(isolated));
    expect(others).toEqual([]);
    expect(policy?.metadata?.name).toBe('streambus-minimal-brokers');
    expect(policy?.spec.podSelector).toEqual({ matchLabels: brokers });
    expect(policy?.spec.policyTypes).toEqual(['Ingress']);
    expect(policy?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'StreamBusCluster', controller: true });
  });

  it('admits peers on every broker port, the namespace on the client ports, and labelled scrapers on the metrics port', () => {
    const [policy] = desiredNetworkPolicies(aCluster(isolated, withSpec({ config: { port: 1, httpPort: 2, grpcPort: 3 } })));
    expect(policy?.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: brokers } }], ports: [tcp(1), tcp(2), tcp(3)] },
      { from: [{ podSelector: {} }], ports: [tcp(1), tcp(3)] },
      {
        from: [
          { namespaceSelector: {}, podSelector: { matchLabels: { 'streambus.io/metrics-access': 'true' } } },
          { namespaceSelector: { matchLabels: { 'streambus.io/metrics-access': 'true' } } },
        ],
        ports: [tcp(2)],
      },
    ]);
  });

  it('spells the peers `from`, as the API expects in JSON', () => {
    const json = JSON.stringify(desiredNetworkPolicies(aCluster(isolated)));
    expect(json).toContain('"from":');
    expect(json).not.toContain('_from');
  });

  it('matches the snapshots for the minimal and multi-tenant examples', () => {
    expect(desiredNetworkPolicies(exampleCluster('minimal-cluster'))).toMatchSnapshot();
    expect(desiredNetworkPolicies(exampleCluster('multi-tenant-cluster'))).toMatchSnapshot();
  });
});
