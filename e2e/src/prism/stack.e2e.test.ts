// A PrismStack creates and owns its PrismBackends, PrismPatterns, and the proxy and admin
// workloads; a deleted child comes back, a removed entry's child is pruned. The stack here leaves
// out the sample's KEDA pattern (KEDA's CRDs belong to keda.e2e.test.ts, which runs the whole
// sample).
import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { example, PrismBackends, PrismPatterns, PrismStacks, waitForReady, type Resource } from './support.ts';

describe('Prism operator: PrismStack', () => {
  const env = useOperator('prism-operator', 'prism-stack');
  const controller = (child: Resource) => child.metadata.ownerReferences?.find((ref) => ref.controller);

  it('the stack (without its KEDA pattern) reaches Ready and owns its backends, patterns, proxy and admin', async () => {
    const [stack] = example('prismstack_example', env.namespace);
    const patterns = (stack!.spec['patterns'] as { name: string; autoscaling: { scaler: string } }[]).filter((p) => p.autoscaling.scaler !== 'keda');
    await env.client.create<Resource>(PrismStacks, { ...stack!, spec: { ...stack!.spec, patterns } });
    const ready = await waitForReady(env.client, PrismStacks, 'prism', env.namespace, 150_000);
    expect(ready.status?.phase).toBe('Running');
    for (const name of ['prism-kafka', 'prism-cache']) expect(controller(await env.client.get<Resource>(PrismBackends, name, env.namespace))).toMatchObject({ kind: 'PrismStack', name: 'prism' });
    for (const name of ['prism-events-producer', 'prism-sessions']) {
      const pattern = await env.client.get<Resource>(PrismPatterns, name, env.namespace);
      expect(controller(pattern)).toMatchObject({ kind: 'PrismStack', name: 'prism' });
      expect(pattern.spec['backend']).toMatch(/^prism-(kafka|cache)$/);
    }
    for (const name of ['prism-proxy', 'prism-admin']) expect(await env.client.tryGet(ResourceTypes.Deployment, name, env.namespace)).toBeDefined();
    const hpa = await env.client.get<V2HorizontalPodAutoscaler>(ResourceTypes.HorizontalPodAutoscaler, 'prism-proxy', env.namespace);
    expect(hpa.spec?.metrics?.map((m) => m.type).sort()).toEqual(['Pods', 'Resource']);
  }, 200_000);

  it.each([
    ['PrismPattern', PrismPatterns, 'prism-sessions'],
    ['PrismBackend', PrismBackends, 'prism-cache'],
    ['proxy Deployment', ResourceTypes.Deployment, 'prism-proxy'],
  ])('a deleted child %s comes back', async (_kind, type, name) => {
    const before = await env.client.get<Resource>(type, name, env.namespace);
    await env.client.delete(type, name, env.namespace);
    const after = await waitFor(async () => {
      const current = await env.client.tryGet<Resource>(type, name, env.namespace);
      return current && current.metadata.uid !== before.metadata.uid && current;
    }, { description: `the stack to recreate ${name}` });
    expect(controller(after)).toMatchObject({ kind: 'PrismStack', name: 'prism' });
    await waitForReady(env.client, PrismStacks, 'prism', env.namespace);
  });

  it('removing an entry prunes its PrismPattern', async () => {
    const stack = await env.client.get<Resource>(PrismStacks, 'prism', env.namespace);
    const patterns = (stack.spec['patterns'] as { name: string }[]).filter((p) => p.name !== 'sessions');
    await env.client.patch(PrismStacks, 'prism', env.namespace, { spec: { patterns } });
    await waitFor(async () => !(await env.client.tryGet(PrismPatterns, 'prism-sessions', env.namespace)), { description: 'prism-sessions to be pruned' });
  });
});
