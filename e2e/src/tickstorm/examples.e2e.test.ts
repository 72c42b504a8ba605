// Every example reaches Ready with every child consistent: the runtime env recomputed from the limits,
// the generated auth Secret, the seed's object names. Each example has a namespace of its own, since
// a namespace guard (ResourceQuota, LimitRange) applies to the whole namespace. The production
// example spreads over zones, which kwok's nodes do not have: the test labels them, then removes the labels.
import { execFileSync } from 'node:child_process';
import type { V1ConfigMap, V1Deployment, V1HorizontalPodAutoscaler, V1NetworkPolicy, V1NetworkPolicyPeer, V1Node, V1PodDisruptionBudget, V1ResourceQuota, V1Secret, V1Service } from '@kubernetes/client-node';
import { ResourceTypes, type KubeClient, type KubeObject } from '@operators/k8s-common';
import { useOperator } from '../support/operator-process.ts';
import { example, expectedRuntimeEnv, giveNodesEphemeralStorage, Nodes, serverEnv, TickStorms, waitForReady, type TickStormObject } from './support.ts';

const ZONE = 'topology.kubernetes.io/zone';
const ResourceQuotas = { apiVersion: 'v1', kind: 'ResourceQuota', plural: 'resourcequotas', namespaced: true };
const CORES: Record<string, number> = { '': 1, m: 1e-3 };
const BYTES: Record<string, number> = { '': 1, Mi: 2 ** 20, Gi: 2 ** 30 };
const amount = (quantity: string, units: Record<string, number>) => {
  const [, number, unit] = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity)!;
  return Number(number) * units[unit!]!;
};

interface ExampleSpec {
  replicas?: number;
  resources: { limits: { cpu: string; memory: string } };
  runtime?: { gogc?: number };
  ulimits?: { maxOpenFiles?: number; maxCpuTime?: number };
  config?: Record<string, string>;
  service?: { type?: string; annotations?: Record<string, string> };
  autoscaling?: { minReplicas: number; maxReplicas: number; targetCPUUtilizationPercentage?: number; targetMemoryUtilizationPercentage?: number };
  disruption?: { minAvailable?: number };
  networkPolicy?: object;
  highAvailability?: { zoneSpread?: string; maxSkew?: number };
  namespaceGuard?: { resourceQuota?: { hard?: Record<string, string> } };
}

/**
 * Every child against the example, by the seed's rules (the seed's defaults where the example is
 * silent), independently of the operator's builders: the ulimits and GOGC, the ConfigMap, the
 * Service, the HPA, the PodDisruptionBudget, the NetworkPolicy, and a quota that holds maxReplicas pods.
 */
async function expectChildrenConsistent(client: KubeClient, namespace: string, resource: TickStormObject): Promise<void> {
  const spec = resource.spec as unknown as ExampleSpec;
  const name = resource.metadata.name;
  const tryGet = <T extends KubeObject>(type: typeof ResourceQuotas, child: string) => client.tryGet<T>(type, child, namespace);
  expect(await serverEnv(client, namespace, name)).toMatchObject({
    GOGC: String(spec.runtime?.gogc ?? 100),
    ULIMIT_MAX_OPEN_FILES: String(spec.ulimits?.maxOpenFiles ?? 65536),
    ULIMIT_MAX_CPU_TIME: String(spec.ulimits?.maxCpuTime ?? 7200),
    ULIMIT_MAX_STACK_SIZE: '8388608',
  });
  expect((await client.get<V1ConfigMap>(ResourceTypes.ConfigMap, `${name}-config`, namespace)).data ?? {}).toEqual(spec.config ?? {});
  const service = await client.get<V1Service>(ResourceTypes.Service, `${name}-service`, namespace);
  expect(service.spec?.type).toBe(spec.service?.type ?? 'LoadBalancer');
  expect(service.spec?.ports?.map((p) => [p.name, p.port])).toEqual([['tcp', 8080], ['metrics', 9090]]);
  expect(service.metadata?.annotations ?? {}).toMatchObject(spec.service?.annotations ?? {});

  const hpa = await tryGet<V1HorizontalPodAutoscaler>(ResourceTypes.HorizontalPodAutoscaler, `${name}-hpa`);
  if (spec.autoscaling) {
    const targets = (hpa as unknown as { spec: { metrics: { resource: { name: string; target: { averageUtilization: number } } }[] } }).spec.metrics.map((m) => [m.resource.name, m.resource.target.averageUtilization]);
    expect({ min: hpa?.spec?.minReplicas, max: hpa?.spec?.maxReplicas, target: hpa?.spec?.scaleTargetRef.name, targets }).toEqual({
      min: spec.autoscaling.minReplicas,
      max: spec.autoscaling.maxReplicas,
      target: name,
      targets: [['cpu', spec.autoscaling.targetCPUUtilizationPercentage ?? 70], ['memory', spec.autoscaling.targetMemoryUtilizationPercentage ?? 80]],
    });
  } else expect(hpa).toBeUndefined();

  const pod = (await client.get<V1Deployment>(ResourceTypes.Deployment, name, namespace)).spec?.template.spec;
  const zoneSpread = pod?.topologySpreadConstraints?.filter((c) => c.topologyKey === 'topology.kubernetes.io/zone') ?? [];
  const zoneAntiAffinity = pod?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.filter((t) => t.topologyKey === 'topology.kubernetes.io/zone') ?? [];
  expect({ spread: zoneSpread.map((c) => c.maxSkew), antiAffinity: zoneAntiAffinity.length }).toEqual({
    spread: spec.highAvailability?.zoneSpread === 'TopologySpread' ? [spec.highAvailability.maxSkew ?? 1] : [],
    antiAffinity: spec.highAvailability?.zoneSpread === 'AntiAffinity' ? 1 : 0,
  });
  expect(pod?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
  expect(pod?.containers[0]?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });

  const pdb = await tryGet<V1PodDisruptionBudget>(ResourceTypes.PodDisruptionBudget, `${name}-pdb`);
  const fewestPods = spec.autoscaling?.minReplicas ?? spec.replicas ?? 1;
  if (fewestPods > 1) expect(pdb?.spec?.minAvailable).toBe(spec.disruption?.minAvailable ?? 1);
  else expect(pdb).toBeUndefined();

  const policy = await tryGet<V1NetworkPolicy>(ResourceTypes.NetworkPolicy, `${name}-netpol`);
  if (spec.networkPolicy) {
    // As the API server returns it: `from`, which the client library's type calls `_from`.
    const ingress = (policy?.spec?.ingress ?? []) as { ports?: { port?: number | string }[]; from?: V1NetworkPolicyPeer[] }[];
    const ports = ingress.map((rule) => [rule.ports?.map((p) => p.port), rule.from?.map((peer) => peer.namespaceSelector?.matchLabels) ?? 'anyone']);
    expect(ports).toEqual(expect.arrayContaining([[[9090], [{ 'kubernetes.io/metadata.name': 'monitoring' }]], [[8080], 'anyone']]));
  } else expect(policy).toBeUndefined();

  const quota = await tryGet<V1ResourceQuota>(ResourceQuotas, `${name}-quota`);
  if (spec.namespaceGuard) {
    const hard = quota?.spec?.hard ?? {};
    expect(hard).toMatchObject(spec.namespaceGuard.resourceQuota?.hard ?? {});
    const pods = spec.autoscaling?.maxReplicas ?? spec.replicas ?? 1;
    expect(amount(hard['limits.cpu']!, CORES)).toBeGreaterThanOrEqual(pods * amount(spec.resources.limits.cpu, CORES));
    expect(amount(hard['limits.memory']!, BYTES)).toBeGreaterThanOrEqual(pods * amount(spec.resources.limits.memory, BYTES));
    expect(Number(hard['pods'])).toBeGreaterThanOrEqual(pods);
  } else expect(quota).toBeUndefined();
}

describe.each([
  ['seed-defaults.yaml', 'tick-storm', false],
  ['dev.yaml', 'tick-storm-dev', false],
  ['production.yaml', 'tick-storm', true],
])('the example %s', (file, name, needsZones) => {
  const env = useOperator('tickstorm-operator', 'tickstorm-example');
  let labelled: string[] = [];

  beforeAll(async () => {
    await giveNodesEphemeralStorage(env.client);
    // The pods must pass the restricted Pod Security Standard's admission (the seed's security context).
    await env.client.patch(ResourceTypes.Namespace, env.namespace, undefined, { metadata: { labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } } });
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
    await expectChildrenConsistent(env.client, env.namespace, resource);
    // The seed's "Verify deployment" step, as the docs give it: the derived numbers in kubectl's wide columns.
    const wide = execFileSync('kubectl', ['get', 'ts', name, '-n', env.namespace, '-o', 'wide', '--no-headers'], { encoding: 'utf8' }).trim().split(/\s+/);
    expect(wide).toEqual(expect.arrayContaining([name, 'True', 'False', expected.GOMAXPROCS, expected.GOMEMLIMIT, 'Ready']));
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
