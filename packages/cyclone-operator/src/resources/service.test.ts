import { anApp, exampleApp, withSpec, withTls } from '../../test/fixtures.ts';
import { desiredService } from './service.ts';

describe('desiredService', () => {
  it('is <app>-service, the name the seed port-forwards to', () => {
    const service = desiredService(anApp());
    expect(service.metadata?.name).toBe('my-cyclone-app-service');
    expect(service.metadata?.namespace).toBe('default');
    expect(service.spec?.type).toBe('ClusterIP');
  });

  it('serves the app port and the metrics port 9090', () => {
    expect(desiredService(anApp()).spec?.ports).toEqual([
      { name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
    ]);
    expect(desiredService(anApp(withTls, withSpec({ port: 8443, metricsPort: 9100 }))).spec?.ports).toEqual([
      { name: 'https', port: 8443, targetPort: 'https', protocol: 'TCP' },
      { name: 'metrics', port: 9100, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  it('selects the pods by identity labels only', () => {
    expect(desiredService(anApp()).spec?.selector).toEqual({
      'app.kubernetes.io/name': 'cyclone-web',
      'app.kubernetes.io/instance': 'my-cyclone-app',
      'app.kubernetes.io/component': 'web',
    });
  });

  it('matches the snapshot', () => {
    expect(desiredService(exampleApp('custom-app'))).toMatchSnapshot();
  });
});
