import type { V1Deployment } from '@kubernetes/client-node';
import { aCluster, withClusterSpec } from '../../test/fixtures.ts';
import { deploymentRevision, desiredCanaryDeployment, keepRunningTemplate, podTemplateRevision } from './deployment-tracks.ts';
import { desiredGatewayDeployment } from './gateway-deployment.ts';

const stable = desiredGatewayDeployment(aCluster(), { configHash: 'a' });

describe('desiredCanaryDeployment', () => {
  const canary = desiredCanaryDeployment(stable, 2);

  it('is <name>-canary on the canary track with its own replica count', () => {
    expect(canary.metadata?.name).toBe('dev-gateway-canary');
    expect(canary.spec?.replicas).toBe(2);
    expect(canary.spec?.selector.matchLabels?.['tapio.io/track']).toBe('canary');
    expect(canary.spec?.template.metadata?.labels?.['tapio.io/track']).toBe('canary');
  });

  it('keeps the identity labels, so the Service selects its pods too, and the owner', () => {
    expect(canary.spec?.template.metadata?.labels).toMatchObject({ 'app.kubernetes.io/name': 'tapio-gateway', 'app.kubernetes.io/component': 'gateway' });
    expect(canary.metadata?.ownerReferences).toEqual(stable.metadata?.ownerReferences);
  });

  it('has the same revision as the stable template it came from', () => {
    expect(deploymentRevision(canary)).toBe(deploymentRevision(stable));
    expect(podTemplateRevision(canary.spec!.template)).toBe(podTemplateRevision(stable.spec!.template));
  });

  it('matches the snapshot', () => {
    expect(canary).toMatchSnapshot();
  });
});

describe('podTemplateRevision', () => {
  it('changes with the template and not with the track or the revision annotation', () => {
    const other = desiredGatewayDeployment(aCluster(withClusterSpec({ version: 'v9' })), { configHash: 'a' });
    expect(podTemplateRevision(other.spec!.template)).not.toBe(podTemplateRevision(stable.spec!.template));
    expect(deploymentRevision(stable)).toBe(podTemplateRevision(stable.spec!.template));
  });
});

describe('keepRunningTemplate', () => {
  it('takes the live template and everything else from the desired Deployment', () => {
    const live: V1Deployment = { ...stable, spec: { ...stable.spec!, replicas: 7, template: { metadata: { labels: { old: 'yes' } } } } };
    const kept = keepRunningTemplate({ ...stable, spec: { ...stable.spec!, replicas: 3 } }, live);
    expect(kept.spec?.template).toEqual({ metadata: { labels: { old: 'yes' } } });
    expect(kept.spec?.replicas).toBe(3);
  });
});
