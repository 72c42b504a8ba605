import { aCluster, exampleCluster, withClusterSpec } from '../../test/fixtures.ts';
import { desiredGatewayDeployment } from './gateway-deployment.ts';
import { containerNamed } from './pods.ts';

const facts = { configHash: 'cfg' };

describe('desiredGatewayDeployment', () => {
  const deployment = desiredGatewayDeployment(aCluster(), facts);
  const gateway = containerNamed(deployment.spec?.template.spec?.containers, 'gateway');

  it('is the stable track of <cluster>-gateway', () => {
    expect(deployment.metadata?.name).toBe('dev-gateway');
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'tapio-gateway',
      'app.kubernetes.io/instance': 'dev',
      'app.kubernetes.io/component': 'gateway',
      'tapio.io/track': 'stable',
    });
    expect(deployment.spec?.template.metadata?.labels).toMatchObject({ 'tapio.io/track': 'stable', 'tapio.io/cluster': 'dev' });
  });

  it('stamps the config hash and the template revision', () => {
    const annotations = deployment.spec?.template.metadata?.annotations ?? {};
    expect(annotations['tapio.io/config-hash']).toBe('cfg');
    expect(annotations['tapio.io/revision']).toMatch(/^[0-9a-f]{16}$/);
    expect(desiredGatewayDeployment(aCluster(withClusterSpec({ version: 'v0.2.0' })), facts).spec?.template.metadata?.annotations?.['tapio.io/revision']).not.toBe(
      annotations['tapio.io/revision'],
    );
  });

  it('runs the versioned image with its config, probes and the restricted standard', () => {
    expect(gateway.image).toBe('ghcr.io/yairfalse/tapio-gateway:v0.1.0');
    expect(gateway.args).toEqual(['--config=/etc/tapio/gateway.yaml']);
    expect(gateway.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(gateway.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    expect(deployment.spec?.template.spec?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(deployment.spec?.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
  });

  it('mounts the token Secret only with authentication', () => {
    expect(deployment.spec?.template.spec?.volumes?.map((volume) => volume.name)).toEqual(['config', 'tmp']);
    const withAuth = desiredGatewayDeployment(aCluster(withClusterSpec({ gateway: { authentication: { enabled: true, secretName: 'api-tokens' } } })), facts);
    expect(withAuth.spec?.template.spec?.volumes).toContainEqual({ name: 'tokens', secret: { secretName: 'api-tokens', defaultMode: 0o440 } });
  });

  it('leaves replicas to the autoscaler when autoscaling is on', () => {
    const autoscaled = desiredGatewayDeployment(aCluster(withClusterSpec({ gateway: { autoscaling: { enabled: true } } })), facts);
    expect(autoscaled.spec).not.toHaveProperty('replicas');
  });

  it('spreads a highly available gateway, preferring separate nodes', () => {
    const ha = desiredGatewayDeployment(exampleCluster('production-ha'), facts);
    expect(ha.spec?.replicas).toBe(2);
    expect(ha.spec?.template.spec?.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(ha.spec?.template.spec?.topologySpreadConstraints).toHaveLength(1);
  });

  it('matches the snapshot for production-ha', () => {
    expect(desiredGatewayDeployment(exampleCluster('production-ha'), facts)).toMatchSnapshot();
  });
});
