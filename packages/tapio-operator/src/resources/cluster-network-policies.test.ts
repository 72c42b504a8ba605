import { aCluster, exampleCluster, withClusterSpec } from '../../test/fixtures.ts';
import { desiredClusterNetworkPolicies } from './cluster-network-policies.ts';

describe('desiredClusterNetworkPolicies', () => {
  it('is empty when security.networkPolicies is off', () => {
    expect(desiredClusterNetworkPolicies(aCluster(withClusterSpec({ security: { networkPolicies: false } })))).toEqual([]);
  });

  const [nats, gateway] = desiredClusterNetworkPolicies(exampleCluster('production-ha'));

  it('NATS admits the collectors and the correlation service of this platform on the client port', () => {
    expect(nats?.metadata?.name).toBe('production-nats');
    expect(nats?.spec.policyTypes).toEqual(['Ingress']);
    expect(nats?.spec.ingress?.[0]).toEqual({
      from: [
        {
          podSelector: {
            matchLabels: { 'tapio.io/cluster': 'production' },
            matchExpressions: [
              {
                key: 'app.kubernetes.io/component',
                operator: 'In',
                values: ['kubernetes-collector', 'etcd-collector', 'ebpf-collector', 'systemd-collector', 'cni-collector', 'correlation'],
              },
            ],
          },
        },
      ],
      ports: [{ protocol: 'TCP', port: 'client' }],
    });
  });

  it('NATS admits its own servers on the cluster port and scrapers on the monitor port', () => {
    expect(nats?.spec.ingress?.[1]?.ports).toEqual([{ protocol: 'TCP', port: 'cluster' }]);
    expect(nats?.spec.ingress?.[1]?.from?.[0]?.podSelector?.matchLabels).toMatchObject({ 'app.kubernetes.io/component': 'nats' });
    expect(nats?.spec.ingress?.[2]?.ports).toEqual([{ protocol: 'TCP', port: 'monitor' }]);
  });

  it('the gateway admits anyone on the API port', () => {
    expect(gateway?.spec.ingress?.[0]).toEqual({ ports: [{ protocol: 'TCP', port: 'http' }] });
  });

  it('match the snapshot', () => {
    expect(desiredClusterNetworkPolicies(exampleCluster('production-ha'))).toMatchSnapshot();
  });
});
