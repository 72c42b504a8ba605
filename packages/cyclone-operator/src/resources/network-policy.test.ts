import { anApp, exampleApp, withSpec } from '../../test/fixtures.ts';
import { desiredNetworkPolicy } from './network-policy.ts';

const selector = { 'app.kubernetes.io/name': 'cyclone-web', 'app.kubernetes.io/instance': 'cyclone-api', 'app.kubernetes.io/component': 'web' };

describe('desiredNetworkPolicy', () => {
  it("is the seed's cyclone-api-policy: ingress from ingress-nginx on port 3000, Ingress and Egress", () => {
    const policy = desiredNetworkPolicy(exampleApp('high-performance-api'));
    expect(policy?.metadata?.name).toBe('cyclone-api-policy');
    expect(policy?.spec.podSelector).toEqual({ matchLabels: selector });
    expect(policy?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy?.spec.ingress?.[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { name: 'ingress-nginx' } } }],
      ports: [{ protocol: 'TCP', port: 3000 }],
    });
  });

  it('admits metrics scrapers labelled for it, and spells peers `from` as the API expects', () => {
    const policy = desiredNetworkPolicy(exampleApp('high-performance-api'));
    expect(policy?.spec.ingress?.[1]).toEqual({
      from: [
        { namespaceSelector: {}, podSelector: { matchLabels: { 'cyclone.dev/metrics-access': 'true' } } },
        { namespaceSelector: { matchLabels: { 'cyclone.dev/metrics-access': 'true' } } },
      ],
      ports: [{ protocol: 'TCP', port: 9090 }],
    });
    expect(JSON.stringify(policy)).not.toContain('_from');
  });

  it('allows DNS out, and what egressTo adds', () => {
    const egressTo = [{ to: [{ podSelector: { matchLabels: { app: 'redis' } } }], ports: [{ protocol: 'TCP', port: 6379 }] }];
    const policy = desiredNetworkPolicy(anApp(withSpec({ networkPolicy: { enabled: true, egressTo } })));
    expect(policy?.spec.egress).toEqual([{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }, ...egressTo]);
  });

  it('takes its sources from ingressFrom', () => {
    const ingressFrom = [{ podSelector: { matchLabels: { role: 'frontend' } } }];
    expect(desiredNetworkPolicy(anApp(withSpec({ networkPolicy: { enabled: true, ingressFrom } })))?.spec.ingress?.[0]?.from).toEqual(ingressFrom);
  });

  it('is absent unless enabled', () => {
    expect(desiredNetworkPolicy(anApp())).toBeUndefined();
  });

  it('matches the snapshot', () => {
    expect(desiredNetworkPolicy(exampleApp('high-performance-api'))).toMatchSnapshot();
  });
});
