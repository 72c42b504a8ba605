import { aCluster, withClusterSpec } from '../../test/fixtures.ts';
import { desiredGatewayMetricsService, desiredGatewayService, gatewayUrl } from './gateway-service.ts';

const selector = { 'app.kubernetes.io/name': 'tapio-gateway', 'app.kubernetes.io/instance': 'dev', 'app.kubernetes.io/component': 'gateway' };

describe('gateway Services', () => {
  it('exposes only the API, on both tracks, as gateway.service asks', () => {
    const service = desiredGatewayService(aCluster(withClusterSpec({ gateway: { service: { type: 'LoadBalancer', port: 443, annotations: { lb: 'internal' } } } })));
    expect(service.metadata?.name).toBe('dev-gateway');
    expect(service.metadata?.annotations).toEqual({ lb: 'internal' });
    expect(service.spec).toEqual({ type: 'LoadBalancer', selector, ports: [{ name: 'http', port: 443, targetPort: 'http', protocol: 'TCP' }] });
  });

  it('keeps metrics on a cluster-internal Service', () => {
    expect(desiredGatewayMetricsService(aCluster()).spec).toEqual({
      type: 'ClusterIP',
      selector,
      ports: [{ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }],
    });
  });

  it('tells the in-cluster URL', () => {
    expect(gatewayUrl(aCluster())).toBe('http://dev-gateway.tapio.svc:8080');
  });

  it('match the snapshot', () => {
    expect([desiredGatewayService(aCluster()), desiredGatewayMetricsService(aCluster())]).toMatchSnapshot();
  });
});
