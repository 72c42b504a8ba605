import { aCluster } from '../../test/fixtures.ts';
import { desiredNatsClientService, desiredNatsHeadlessService } from './nats-services.ts';

const selector = { 'app.kubernetes.io/name': 'tapio-nats', 'app.kubernetes.io/instance': 'dev', 'app.kubernetes.io/component': 'nats' };

describe('NATS Services', () => {
  it('the headless Service names every server, ready or not', () => {
    const service = desiredNatsHeadlessService(aCluster());
    expect(service.metadata?.name).toBe('dev-nats-headless');
    expect(service.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector });
    expect(service.spec?.ports?.map((port) => port.name)).toEqual(['client', 'cluster', 'monitor']);
  });

  it('the client Service is what collectors and the correlation service connect to', () => {
    const service = desiredNatsClientService(aCluster());
    expect(service.metadata?.name).toBe('dev-nats');
    expect(service.spec).toMatchObject({ type: 'ClusterIP', selector });
    expect(service.spec?.ports).toEqual([
      { name: 'client', port: 4222, targetPort: 'client', protocol: 'TCP' },
      { name: 'monitor', port: 8222, targetPort: 'monitor', protocol: 'TCP' },
    ]);
  });

  it('match the snapshot', () => {
    expect([desiredNatsHeadlessService(aCluster()), desiredNatsClientService(aCluster())]).toMatchSnapshot();
  });
});
