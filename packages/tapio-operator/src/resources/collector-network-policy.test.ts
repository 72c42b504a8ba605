import { aCollector, withCollectorSpec } from '../../test/fixtures.ts';
import { desiredCollectorNetworkPolicy } from './collector-network-policy.ts';

describe('desiredCollectorNetworkPolicy', () => {
  it('admits metrics scrapers alone', () => {
    const policy = desiredCollectorNetworkPolicy(aCollector('ebpf'));
    expect(policy?.metadata?.name).toBe('tapio-ebpf');
    expect(policy?.spec.ingress).toEqual([
      {
        from: [
          { namespaceSelector: {}, podSelector: { matchLabels: { 'tapio.io/metrics-access': 'true' } } },
          { namespaceSelector: { matchLabels: { 'tapio.io/metrics-access': 'true' } } },
        ],
        ports: [{ protocol: 'TCP', port: 'metrics' }],
      },
    ]);
  });

  it('is undefined when networkPolicies is off', () => {
    expect(desiredCollectorNetworkPolicy(aCollector('ebpf', withCollectorSpec({ networkPolicies: false })))).toBeUndefined();
  });

  it('matches the snapshot', () => {
    expect(desiredCollectorNetworkPolicy(aCollector('kubernetes'))).toMatchSnapshot();
  });
});
