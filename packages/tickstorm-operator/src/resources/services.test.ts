import { aTickStorm, exampleTickStorm, withSpec } from '../../test/fixtures.ts';
import { desiredClientService, desiredHeadlessService } from './services.ts';

const selector = {
  'app.kubernetes.io/name': 'tick-storm',
  'app.kubernetes.io/instance': 'tick-storm',
  'app.kubernetes.io/component': 'server',
};

describe('desiredClientService', () => {
  it("is <name>-service, the seed's LoadBalancer with the client and metrics ports", () => {
    const service = desiredClientService(aTickStorm());
    expect(service.metadata?.name).toBe('tick-storm-service');
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      selector,
      ports: [
        { name: 'tcp', port: 8080, targetPort: 'tcp', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
      ],
      sessionAffinity: 'None',
    });
    expect(service.metadata?.labels).toMatchObject({ ...selector, 'tickstorm.io/service': 'client' });
    expect(service.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TickStorm', controller: true });
  });

  it('carries the annotations, source ranges and traffic policy of spec.service', () => {
    const service = desiredClientService(
      aTickStorm(withSpec({ service: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' }, loadBalancerSourceRanges: ['10.0.0.0/8'], externalTrafficPolicy: 'Local' } })),
    );
    expect(service.metadata?.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(service.spec).toMatchObject({ loadBalancerSourceRanges: ['10.0.0.0/8'], externalTrafficPolicy: 'Local' });
  });

  it('leaves out what a ClusterIP Service cannot have', () => {
    const service = desiredClientService(aTickStorm(withSpec({ service: { type: 'ClusterIP', loadBalancerSourceRanges: ['10.0.0.0/8'], externalTrafficPolicy: 'Local' } })));
    expect(service.spec?.type).toBe('ClusterIP');
    expect(service.spec).not.toHaveProperty('loadBalancerSourceRanges');
    expect(service.spec).not.toHaveProperty('externalTrafficPolicy');
    expect(service.metadata).not.toHaveProperty('annotations');
  });

  it('follows service.port and metrics.port', () => {
    const ports = desiredClientService(aTickStorm(withSpec({ service: { port: 9000 }, metrics: { port: 9100 } }))).spec?.ports;
    expect(ports?.map((port) => [port.name, port.port])).toEqual([
      ['tcp', 9000],
      ['metrics', 9100],
    ]);
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredClientService(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});

describe('desiredHeadlessService', () => {
  it("is <name>-headless, the seed's headless Service on the client port", () => {
    const service = desiredHeadlessService(aTickStorm());
    expect(service.metadata?.name).toBe('tick-storm-headless');
    expect(service.spec).toEqual({ type: 'ClusterIP', clusterIP: 'None', selector, ports: [{ name: 'tcp', port: 8080, targetPort: 'tcp', protocol: 'TCP' }] });
    expect(service.metadata?.labels).toMatchObject({ 'tickstorm.io/service': 'headless' });
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredHeadlessService(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
