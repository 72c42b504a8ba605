// The API gateway's canary: a new version that never becomes ready (its pods cannot be scheduled:
// they ask for 64 CPUs, more than any node has) is rolled back after readyTimeout; the old version keeps
// running, and status and an Event say why.
import type { V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, TapioClusters, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

describe('Tapio gateway canary', () => {
  const env = useOperator('tapio-operator', 'tapio-canary', WITHOUT_WEBHOOKS);
  const gateway = () => env.client.get<V1Deployment>(ResourceTypes.Deployment, 'canary-gateway', env.namespace);
  const cpu = (deployment: V1Deployment) => deployment.spec?.template.spec?.containers[0]?.resources?.requests?.['cpu'];

  it('rolls back a canary that does not become ready in time, keeping the old version', async () => {
    await env.client.create(TapioClusters, {
      apiVersion: TapioClusters.apiVersion,
      kind: 'TapioCluster',
      metadata: { name: 'canary', namespace: env.namespace },
      spec: { profile: 'development', gateway: { canary: { enabled: true, steps: [{ weight: 50, pause: '1s' }], readyTimeout: '8s' } } },
    });
    await waitForReady(env.client, TapioClusters, env.namespace, 'canary');
    const before = cpu(await gateway());
    await env.client.patch(TapioClusters, 'canary', env.namespace, { spec: { gateway: { resources: { requests: { cpu: '64' } } } } });
    // The canary runs beside the stable gateway, which keeps its template.
    const canary = await waitFor(() => env.client.tryGet<V1Deployment>(ResourceTypes.Deployment, 'canary-gateway-canary', env.namespace), { description: 'the canary Deployment' });
    expect(cpu(canary)).toBe('64');
    expect(cpu(await gateway())).toBe(before);
    const rolledBack = await waitFor(async () => {
      const current = await env.client.get<Tapio & { status?: { gateway?: { canary?: { phase: string; message: string } } } }>(TapioClusters, 'canary', env.namespace);
      return current.status?.gateway?.canary?.phase === 'RolledBack' && current;
    }, { timeoutMs: 60_000, description: 'status.gateway.canary.phase RolledBack' });
    expect(rolledBack.status?.gateway?.canary?.message).toContain('did not become ready within 8s');
    expect(condition(rolledBack, 'Degraded')).toMatchObject({ status: 'True', reason: 'CanaryRolledBack' });
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Deployment, 'canary-gateway-canary', env.namespace)), { description: 'the canary Deployment to be removed' });
    expect(cpu(await gateway())).toBe(before);
    const events = await env.client.list<{ metadata?: { name?: string }; reason?: string; regarding?: { name?: string } }>(ResourceTypes.Event, { namespace: env.namespace });
    expect(events.items.some((e) => e.reason === 'CanaryRolledBack' && e.regarding?.name === 'canary')).toBe(true);
  });
});
