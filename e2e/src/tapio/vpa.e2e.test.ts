// VerticalPodAutoscalers for the collectors, only where the VPA CRDs are served: without them the
// collector says so in a condition and runs all the same; once the pinned upstream CRDs are
// installed, the VerticalPodAutoscaler appears and the condition turns True.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { resourceType, ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, TapioCollectors, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

const VerticalPodAutoscalers = resourceType('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', 'verticalpodautoscalers');
const VPA_CRDS = join(dirname(process.env['E2E_UPSTREAM_CRDS'] ?? '.'), 'vpa-crds', 'autoscaling.k8s.io_verticalpodautoscalers.yaml');

describe('Tapio collector VerticalPodAutoscaler', () => {
  const env = useOperator('tapio-operator', 'tapio-vpa', WITHOUT_WEBHOOKS);

  afterAll(() => {
    // Leave the cluster as other files expect it: without the VPA CRDs.
    execFileSync('kubectl', ['delete', '--ignore-not-found', '--wait=false', '-f', VPA_CRDS], { stdio: 'pipe' });
  });

  it('reports the missing CRD, then creates the VerticalPodAutoscaler once the CRDs are installed', async () => {
    await env.client.create(TapioCollectors, {
      apiVersion: TapioCollectors.apiVersion,
      kind: 'TapioCollector',
      metadata: { name: 'cni', namespace: env.namespace },
      spec: { type: 'cni', natsUrl: 'nats://tapio-nats:4222', verticalAutoscaling: { enabled: true } },
    });
    const ready = await waitForReady(env.client, TapioCollectors, env.namespace, 'cni');
    const installed = Boolean(await env.client.tryGet(ResourceTypes.CustomResourceDefinition, 'verticalpodautoscalers.autoscaling.k8s.io'));
    if (!installed) expect(condition(ready, 'VerticalPodAutoscaler')).toMatchObject({ status: 'False', reason: 'CRDNotInstalled' });

    execFileSync('kubectl', ['apply', '--server-side', '-f', VPA_CRDS], { stdio: 'pipe' });
    // The operator looks again for the CRD a minute after it found none (and discovery answers are kept 30 s).
    const vpa = await waitFor(() => env.client.tryGet<{ metadata?: { name?: string }; spec: { targetRef: { kind: string; name: string } } }>(VerticalPodAutoscalers, 'cni', env.namespace).catch(() => undefined), {
      timeoutMs: 120_000,
      intervalMs: 1_000,
      description: 'the VerticalPodAutoscaler to be created after the CRDs appeared',
    });
    expect(vpa.spec.targetRef).toMatchObject({ kind: 'DaemonSet', name: 'cni' });
    await waitFor(async () => condition(await env.client.get<Tapio>(TapioCollectors, 'cni', env.namespace), 'VerticalPodAutoscaler')?.status === 'True', { description: 'VerticalPodAutoscaler condition True' });
  }, 180_000);
});
