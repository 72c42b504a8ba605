import { aStack, exampleStack, withStackSpec } from '../../test/fixtures.ts';
import { desiredAdminService, desiredProxyService } from './stack-services.ts';

describe('stack Services', () => {
  it('<stack>-proxy routes the gRPC and metrics ports to the proxies', () => {
    const service = desiredProxyService(exampleStack());
    expect(service.metadata?.name).toBe('prism-proxy');
    expect(service.spec?.selector).toEqual({ 'app.kubernetes.io/name': 'prism', 'app.kubernetes.io/instance': 'prism', 'app.kubernetes.io/component': 'proxy' });
    expect(service.spec?.ports).toEqual([
      { name: 'grpc', port: 8980, targetPort: 'grpc', protocol: 'TCP' },
      { name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' },
    ]);
  });

  it('follow the type and annotations of spec.proxy.service', () => {
    const service = desiredProxyService(aStack(withStackSpec({ proxy: { service: { type: 'LoadBalancer', annotations: { a: 'b' } } } })));
    expect(service.spec?.type).toBe('LoadBalancer');
    expect(service.metadata?.annotations).toEqual({ a: 'b' });
  });

  it('<stack>-admin exists only with the admin plane', () => {
    expect(desiredAdminService(exampleStack())?.spec?.selector).toMatchObject({ 'app.kubernetes.io/component': 'admin' });
    expect(desiredAdminService(aStack(withStackSpec({ admin: { enabled: false } })))).toBeUndefined();
  });

  it('match the snapshot for the stack example', () => {
    expect([desiredProxyService(exampleStack()), desiredAdminService(exampleStack())]).toMatchSnapshot();
  });
});
