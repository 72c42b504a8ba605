// The operator killed (SIGKILL, no graceful stop) in the middle of its work: while it is down a
// field is removed from a PrismPattern, its image changed and its Deployment edited by hand; a
// PrismStack is half made. After the restart everything converges with nothing lost: the removed
// field is gone from the child too (server-side apply's managed fields, not the operator's memory,
// say what it owned), the change rolls out, the edit is put back, and the stack gets all its children.
import type { V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { example, PrismBackends, PrismPatterns, PrismStacks, readyForGeneration, waitForReady, type Resource } from './support.ts';

describe('Prism operator: killed mid-work', () => {
  const env = useOperator('prism-operator', 'prism-resilience');
  const deployment = (name: string) => env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace);

  it('a field removed, an image changed and a hand edit made while it was down are all honoured after the restart', async () => {
    const [sample] = example('prismpattern_hpa_example', env.namespace);
    const name = sample!.metadata.name;
    const placement = { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'prism', effect: 'NoSchedule' }] };
    await env.client.create(PrismPatterns, { ...sample!, spec: { ...sample!.spec, image: 'registry.k8s.io/pause:3.9', placement } });
    await waitForReady(env.client, PrismPatterns, name, env.namespace);
    expect((await deployment(name)).spec?.template.spec?.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux' });

    await env.operator.kill();
    await env.client.patch(PrismPatterns, name, env.namespace, { spec: { placement: null, image: 'registry.k8s.io/pause:3.10' } });
    await env.client.patch(ResourceTypes.Deployment, name, env.namespace, { metadata: { labels: { 'app.kubernetes.io/managed-by': 'someone-else' } } });
    await env.operator.start();

    await waitFor(async () => readyForGeneration(await env.client.get<Resource>(PrismPatterns, name, env.namespace)), { timeoutMs: 120_000, description: 'the pattern Ready for its new generation' });
    const after = await deployment(name);
    expect(after.spec?.template.spec?.containers[0]?.image).toBe('registry.k8s.io/pause:3.10');
    expect(after.spec?.template.spec?.nodeSelector).toBeUndefined();
    expect(after.spec?.template.spec?.tolerations).toBeUndefined();
    expect(after.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('prism-operator');
  }, 180_000);

  it('a stack it was half way through making gets all its children after the restart', async () => {
    const [stack] = example('prismstack_example', env.namespace);
    // Without its KEDA pattern: KEDA's CRDs belong to keda.e2e.test.ts.
    const patterns = (stack!.spec['patterns'] as { autoscaling: { scaler: string } }[]).filter((p) => p.autoscaling.scaler !== 'keda');
    await env.client.create(PrismStacks, { ...stack!, spec: { ...stack!.spec, patterns } });
    await waitFor(async () => Boolean(await env.client.tryGet(PrismBackends, 'prism-kafka', env.namespace)), { description: 'the stack\'s first child' });
    await env.operator.kill();
    await env.operator.start();
    await waitForReady(env.client, PrismStacks, 'prism', env.namespace, 150_000);
    for (const name of ['prism-events-producer', 'prism-sessions']) expect(await env.client.tryGet(PrismPatterns, name, env.namespace)).toBeDefined();
    for (const name of ['prism-proxy', 'prism-admin']) expect(await env.client.tryGet(ResourceTypes.Deployment, name, env.namespace)).toBeDefined();
  }, 200_000);
});
