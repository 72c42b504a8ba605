import { aStack, exampleStack, withStackSpec } from '../../test/fixtures.ts';
import { desiredAdminDeployment, desiredProxyDeployment } from './stack-deployments.ts';

describe('desiredProxyDeployment', () => {
  const proxy = desiredProxyDeployment(exampleStack(), {});
  const container = proxy.spec!.template.spec!.containers[0]!;

  it('is <stack>-proxy, selecting its pods by name, instance and component', () => {
    expect(proxy.metadata?.name).toBe('prism-proxy');
    expect(proxy.spec?.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'prism', 'app.kubernetes.io/instance': 'prism', 'app.kubernetes.io/component': 'proxy' });
    expect(proxy.spec?.template.metadata?.labels).toMatchObject({ app: 'prism', 'app.kubernetes.io/component': 'proxy' });
    expect(proxy.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismStack', name: 'prism', controller: true })]);
  });

  it('serves gRPC on the proxy port and metrics on the metrics port, and knows the admin plane', () => {
    expect(container.image).toBe('ghcr.io/prism/prism-proxy:latest');
    expect(container.ports).toEqual([
      { name: 'grpc', containerPort: 8980, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
    expect(container.env).toContainEqual({ name: 'PRISM_ADMIN_ENDPOINT', value: 'prism-admin:8981' });
    expect(container.readinessProbe?.tcpSocket).toEqual({ port: 'grpc' });
  });

  it('starts within the HPA\'s bounds and then keeps what the HPA made it', () => {
    expect(proxy.spec?.replicas).toBe(3);
    expect(desiredProxyDeployment(exampleStack(), { liveReplicas: 12 }).spec?.replicas).toBe(12);
    expect(desiredProxyDeployment(aStack(withStackSpec({ proxy: { replicas: 1 } })), {}).spec?.replicas).toBe(2);
  });

  it('uses spec.proxy.replicas as is without autoscaling', () => {
    expect(desiredProxyDeployment(aStack(withStackSpec({ proxy: { replicas: 1, autoscaling: { enabled: false } } })), { liveReplicas: 7 }).spec?.replicas).toBe(1);
  });

  it('follows the restricted Pod Security Standard', () => {
    expect(proxy.spec?.template.spec?.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  it('matches the snapshot for the stack example', () => {
    expect(proxy).toMatchSnapshot();
  });
});

describe('desiredAdminDeployment', () => {
  it('is <stack>-admin with one replica by default', () => {
    const admin = desiredAdminDeployment(exampleStack());
    expect(admin?.metadata?.name).toBe('prism-admin');
    expect(admin?.spec?.replicas).toBe(1);
    expect(admin?.spec?.template.spec?.containers[0]?.ports?.[0]).toEqual({ name: 'grpc', containerPort: 8981, protocol: 'TCP' });
  });

  it('is undefined while the admin plane is disabled', () => {
    expect(desiredAdminDeployment(aStack(withStackSpec({ admin: { enabled: false } })))).toBeUndefined();
  });

  it('matches the snapshot for the stack example', () => {
    expect(desiredAdminDeployment(exampleStack())).toMatchSnapshot();
  });
});
