// Every example reaches Ready with every child consistent: the runtime env recomputed from the limits,
// the generated auth Secret, the seed's object names. Each example has a namespace of its own, since
// a namespace guard (ResourceQuota, LimitRange) applies to the whole namespace. The production
// example spreads over zones, which kwok's nodes do not have: the test labels them, then removes the labels.
import type { V1Deployment, V1Node, V1Secret } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { useOperator } from '../support/operator-process.ts';
import { example, expectedRuntimeEnv, giveNodesEphemeralStorage, Nodes, serverEnv, TickStorms, waitForReady } from './support.ts';

const ZONE = 'topology.kubernetes.io/zone';

describe.each([
  ['seed-defaults.yaml', 'tick-storm', false],
  ['dev.yaml', 'tick-storm-dev', false],
  ['production.yaml', 'tick-storm', true],
])('the example %s', (file, name, needsZones) => {
  const env = useOperator('tickstorm-operator', 'tickstorm-example');
  let labelled: string[] = [];

  beforeAll(async () => {
    await giveNodesEphemeralStorage(env.client);
    if (!needsZones) return;
    const nodes = await env.client.list<V1Node>(Nodes);
    labelled = nodes.items.filter((node) => !node.metadata?.labels?.[ZONE]).map((node) => node.metadata!.name!);
    await Promise.all(labelled.map((node, i) => env.client.patch(Nodes, node, undefined, { metadata: { labels: { [ZONE]: `zone-${i % 3}` } } })));
  });

  it('reaches Ready with its children consistent', async () => {
    const resource = example(file);
    await env.client.create(TickStorms, { ...resource, metadata: { ...resource.metadata, namespace: env.namespace } });
    const ready = await waitForReady(env.client, env.namespace, name, 90_000);
    const limits = (resource.spec.resources as { limits: { cpu: string; memory: string } }).limits;
    const expected = expectedRuntimeEnv(limits);
    expect(await serverEnv(env.client, env.namespace, name)).toMatchObject(expected);
    expect(ready.status?.effectiveRuntime).toMatchObject({ gomaxprocs: { value: expected.GOMAXPROCS, source: 'Derived' }, gomemlimit: { value: expected.GOMEMLIMIT, source: 'Derived' } });
    const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace);
    expect(ready.status?.readyReplicas).toBe(deployment.status?.readyReplicas);
    expect(deployment.spec?.template.spec?.containers[0]?.resources?.limits).toMatchObject({ memory: limits.memory });
    // The credentials are generated once, never owned by the TickStorm (they outlive it).
    const secret = await env.client.get<V1Secret>(ResourceTypes.Secret, `${name}-auth`, env.namespace);
    expect(Object.keys(secret.data ?? {}).sort()).toEqual(['password', 'username']);
    expect(secret.metadata?.ownerReferences).toBeUndefined();
    for (const service of [`${name}-service`, `${name}-headless`]) await env.client.get(ResourceTypes.Service, service, env.namespace);
    expect(ready.status?.endpoint).toMatch(/:8080$/);
    // Other test files install prometheus-operator's CRDs into the shared cluster at any moment: with
    // them the ServiceMonitor exists and the condition says Applied, without them it is skipped and the
    // condition says why. Either way condition and object agree.
    const monitor = ready.status?.conditions?.find((c) => c.type === 'ServiceMonitor');
    if ((resource.spec.metrics as { serviceMonitor?: { enabled?: boolean } } | undefined)?.serviceMonitor?.enabled) {
      expect([`${monitor?.status}/${monitor?.reason}`]).toEqual([expect.stringMatching(/^(False\/CRDNotInstalled|True\/Applied)$/)]);
      if (monitor?.status === 'True') await env.client.get(ResourceTypes.ServiceMonitor, name, env.namespace);
    } else expect(monitor).toBeUndefined();
  });

  // Last, while the client is open (useOperator's afterAll closes it): the zones go as they came.
  it('leaves the nodes as it found them', async () => {
    await Promise.all(labelled.map((node) => env.client.patch(Nodes, node, undefined, { metadata: { labels: { [ZONE]: null } } })));
  });
});
