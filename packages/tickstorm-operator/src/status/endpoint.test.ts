import type { V1Service } from '@kubernetes/client-node';
import { clientEndpoint, loadBalancerPending } from './endpoint.ts';

const service = (type: string, status: V1Service['status'] = {}, clusterIP = '10.96.0.10'): V1Service => ({
  spec: { type, clusterIP, ports: [{ name: 'tcp', port: 8080 }, { name: 'metrics', port: 9090 }] },
  status,
});

describe('clientEndpoint', () => {
  it("is the LoadBalancer's address once assigned, with the client port", () => {
    expect(clientEndpoint(service('LoadBalancer', { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } }))).toBe('203.0.113.7:8080');
    expect(clientEndpoint(service('LoadBalancer', { loadBalancer: { ingress: [{ hostname: 'ticks.elb.example.com' }] } }))).toBe('ticks.elb.example.com:8080');
  });

  it('is the ClusterIP while the LoadBalancer is pending, and for ClusterIP and NodePort Services', () => {
    expect(clientEndpoint(service('LoadBalancer'))).toBe('10.96.0.10:8080');
    expect(clientEndpoint(service('ClusterIP'))).toBe('10.96.0.10:8080');
    expect(clientEndpoint(service('NodePort'))).toBe('10.96.0.10:8080');
  });

  it('brackets an IPv6 address', () => {
    expect(clientEndpoint(service('ClusterIP', {}, 'fd00::10'))).toBe('[fd00::10]:8080');
  });

  it('is undefined without a Service or an address', () => {
    expect(clientEndpoint(undefined)).toBeUndefined();
    expect(clientEndpoint(service('ClusterIP', {}, ''))).toBeUndefined();
  });
});

describe('loadBalancerPending', () => {
  it('is true for a LoadBalancer without an address only', () => {
    expect(loadBalancerPending(service('LoadBalancer'))).toBe(true);
    expect(loadBalancerPending(service('LoadBalancer', { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } }))).toBe(false);
    expect(loadBalancerPending(service('ClusterIP'))).toBe(false);
    expect(loadBalancerPending(undefined)).toBe(false);
  });
});
