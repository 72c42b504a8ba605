// The correlation service's canary (intelligence.correlation.canary, passed by the TapioCluster to its
// TapioIntelligence): a new version that becomes ready holds for its pause, then replaces the old
// one; a new version that never becomes ready (its pods ask for 64 CPUs, more than any node has) is
// rolled back after readyTimeout, the old version keeps running, and status and an Event say why.
import type { V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, TapioClusters, TapioIntelligences, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

type CanaryStatus = { phase: string; revision: string; reason: string; message: string };
type Intelligence = Tapio & { status?: { correlation?: { canary?: CanaryStatus } } };

describe('Tapio correlation canary', () => {
  const env = useOperator('tapio-operator', 'tapio-ccanary', WITHOUT_WEBHOOKS);
  const stable = () => env.client.get<V1Deployment>(ResourceTypes.Deployment, 'cc-correlation', env.namespace);
  const canaryDeployment = () => env.client.tryGet<V1Deployment>(ResourceTypes.Deployment, 'cc-correlation-canary', env.namespace);
  const container = (deployment: V1Deployment) => deployment.spec?.template.spec?.containers[0];
  const canaryStatus = async () => (await env.client.get<Intelligence>(TapioIntelligences, 'cc', env.namespace)).status?.correlation?.canary;
  const events = async (reason: string) =>
    (await env.client.list<{ metadata?: { name?: string }; reason?: string; regarding?: { kind?: string; name?: string } }>(ResourceTypes.Event, { namespace: env.namespace })).items.filter(
      (e) => e.reason === reason && e.regarding?.kind === 'TapioIntelligence' && e.regarding.name === 'cc',
    );

  beforeAll(async () => {
    await env.client.create(TapioClusters, {
      apiVersion: TapioClusters.apiVersion,
      kind: 'TapioCluster',
      metadata: { name: 'cc', namespace: env.namespace },
      spec: {
        profile: 'development',
        version: 'v0.1.0',
        intelligence: { correlation: { canary: { enabled: true, steps: [{ weight: 50, pause: '3s' }], readyTimeout: '8s' } } },
      },
    });
    await waitForReady(env.client, TapioClusters, env.namespace, 'cc');
  });

  it('promotes a new version that becomes ready, after its step held for the pause', async () => {
    expect(container(await stable())?.image).toMatch(/:v0\.1\.0$/);
    await env.client.patch(TapioClusters, 'cc', env.namespace, { spec: { version: 'v0.2.0' } });
    // The canary runs the new version beside the stable Deployment, which keeps the old one.
    const canary = await waitFor(canaryDeployment, { description: 'the correlation canary Deployment' });
    expect(container(canary)?.image).toMatch(/:v0\.2\.0$/);
    expect(container(await stable())?.image).toMatch(/:v0\.1\.0$/);
    expect(await canaryStatus()).toMatchObject({ phase: 'Progressing' });
    const promoted = await waitFor(async () => {
      const status = await canaryStatus();
      return status?.phase === 'Promoted' && status;
    }, { timeoutMs: 60_000, description: 'status.correlation.canary.phase Promoted' });
    expect(promoted).toMatchObject({ reason: 'CanaryPromoted' });
    expect(container(await stable())?.image).toMatch(/:v0\.2\.0$/);
    await waitFor(async () => !(await canaryDeployment()), { description: 'the canary Deployment to be removed after the promotion' });
    expect(await events('CanaryPromoted')).not.toHaveLength(0);
    await waitForReady(env.client, TapioClusters, env.namespace, 'cc');
  });

  it('rolls back a new version that does not become ready in time, keeping the old one', async () => {
    const before = container(await stable())?.resources?.requests?.['cpu'];
    await env.client.patch(TapioClusters, 'cc', env.namespace, { spec: { intelligence: { correlation: { resources: { requests: { cpu: '64' } } } } } });
    const canary = await waitFor(async () => {
      const deployment = await canaryDeployment();
      return container(deployment ?? {})?.resources?.requests?.['cpu'] === '64' && deployment;
    }, { description: 'the canary Deployment asking for 64 CPUs' });
    expect(canary).toBeTruthy();
    expect(container(await stable())?.resources?.requests?.['cpu']).toBe(before);
    const rolledBack = await waitFor(async () => {
      const current = await env.client.get<Intelligence>(TapioIntelligences, 'cc', env.namespace);
      return current.status?.correlation?.canary?.phase === 'RolledBack' && current;
    }, { timeoutMs: 60_000, description: 'status.correlation.canary.phase RolledBack' });
    expect(rolledBack.status?.correlation?.canary?.message).toContain('did not become ready within 8s');
    expect(condition(rolledBack, 'Degraded')).toMatchObject({ status: 'True', reason: 'CanaryRolledBack' });
    await waitFor(async () => !(await canaryDeployment()), { description: 'the canary Deployment to be removed' });
    expect(container(await stable())?.resources?.requests?.['cpu']).toBe(before);
    expect(container(await stable())?.image).toMatch(/:v0\.2\.0$/);
    expect(await events('CanaryRolledBack')).not.toHaveLength(0);
  });
});
