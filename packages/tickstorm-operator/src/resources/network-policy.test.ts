import { aTickStorm, exampleTickStorm, withSpec } from '../../test/fixtures.ts';
import { desiredNetworkPolicy } from './network-policy.ts';

const monitoring = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } };

describe('desiredNetworkPolicy', () => {
  it('is undefined without spec.networkPolicy, so removing it removes the policy', () => {
    expect(desiredNetworkPolicy(aTickStorm())).toBeUndefined();
  });

  it("is the seed's <name>-netpol: metrics from the monitoring namespace, the client port from anyone, no egress", () => {
    const policy = desiredNetworkPolicy(aTickStorm(withSpec({ networkPolicy: {} })));
    expect(policy?.metadata?.name).toBe('tick-storm-netpol');
    expect(policy?.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'tick-storm', 'app.kubernetes.io/instance': 'tick-storm', 'app.kubernetes.io/component': 'server' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [monitoring], ports: [{ protocol: 'TCP', port: 9090 }] },
        { ports: [{ protocol: 'TCP', port: 8080 }] },
      ],
      egress: [],
    });
  });

  it('admits only serverFrom to the client port when set, and passes egress rules through', () => {
    const clients = { podSelector: { matchLabels: { role: 'client' } } };
    const dns = { to: [{ namespaceSelector: {} }], ports: [{ protocol: 'UDP', port: 53 }] };
    const policy = desiredNetworkPolicy(aTickStorm(withSpec({ networkPolicy: { serverFrom: [clients], egress: [dns] } })));
    expect(policy?.spec.ingress?.[1]).toEqual({ from: [clients], ports: [{ protocol: 'TCP', port: 8080 }] });
    expect(policy?.spec.egress).toEqual([dns]);
  });

  it('admits no one for an empty list, where an empty `from` would admit everyone', () => {
    const policy = desiredNetworkPolicy(aTickStorm(withSpec({ networkPolicy: { metricsFrom: [], serverFrom: [] } })));
    expect(policy?.spec.ingress).toEqual([]);
  });

  it('matches the snapshot for production', () => {
    expect(desiredNetworkPolicy(exampleTickStorm('production'))).toMatchSnapshot();
  });
});
