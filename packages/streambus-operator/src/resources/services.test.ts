import { aCluster, exampleCluster, withSpec } from '../../test/fixtures.ts';
import { desiredClientService, desiredHeadlessService } from './services.ts';

const selector = {
  'app.kubernetes.io/name': 'streambus-broker',
  'app.kubernetes.io/instance': 'streambus-minimal',
  'app.kubernetes.io/component': 'broker',
};

describe('desiredHeadlessService', () => {
  const service = desiredHeadlessService(aCluster());

  it('is <cluster>-headless, without a cluster IP, publishing brokers before they are ready', () => {
    expect(service.metadata?.name).toBe('streambus-minimal-headless');
    expect(service.spec?.clusterIP).toBe('None');
    expect(service.spec?.publishNotReadyAddresses).toBe(true);
  });

  it('selects the brokers by name, instance and component only', () => {
    expect(service.spec?.selector).toEqual(selector);
  });

  it('carries the standard labels, its role and a controller reference', () => {
    expect(service.metadata?.labels).toMatchObject({ ...selector, 'app.kubernetes.io/part-of': 'streambus', 'streambus.io/service': 'headless' });
    expect(service.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'StreamBusCluster', name: 'streambus-minimal', controller: true })]);
    expect(service.metadata?.namespace).toBe('default');
  });

  it('matches the snapshot for the minimal example', () => {
    expect(desiredHeadlessService(exampleCluster('minimal-cluster'))).toMatchSnapshot();
  });
});

describe('desiredClientService', () => {
  it('is <cluster>, a ClusterIP Service routing to ready brokers only', () => {
    const service = desiredClientService(aCluster());
    expect(service.metadata?.name).toBe('streambus-minimal');
    expect(service.spec?.type).toBe('ClusterIP');
    expect(service.spec?.publishNotReadyAddresses).toBeUndefined();
    expect(service.spec?.selector).toEqual(selector);
    expect(service.metadata?.labels).toMatchObject({ 'streambus.io/service': 'client' });
  });

  it('matches the snapshot for the minimal example', () => {
    expect(desiredClientService(exampleCluster('minimal-cluster'))).toMatchSnapshot();
  });
});

describe('ports of both Services', () => {
  it.each([
    ['headless', desiredHeadlessService],
    ['client', desiredClientService],
  ])('%s: client, http and grpc with the default ports', (_name, build) => {
    expect(build(aCluster()).spec?.ports).toEqual([
      { name: 'client', port: 9092, targetPort: 'client', protocol: 'TCP' },
      { name: 'http', port: 8081, targetPort: 'http', protocol: 'TCP' },
      { name: 'grpc', port: 9093, targetPort: 'grpc', protocol: 'TCP' },
    ]);
  });

  it('follow spec.config', () => {
    const ports = desiredClientService(aCluster(withSpec({ config: { port: 19092, httpPort: 18081, grpcPort: 19093 } }))).spec?.ports;
    expect(ports?.map((port) => [port.name, port.port])).toEqual([
      ['client', 19092],
      ['http', 18081],
      ['grpc', 19093],
    ]);
  });
});
