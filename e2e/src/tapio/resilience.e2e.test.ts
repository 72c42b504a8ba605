// The operator killed (SIGKILL, no graceful stop) in the middle of a version rollout (the gateway
// Deployment already runs the new version, the TapioCluster is not Ready for it yet) converges once it
// is started again: the new process waits out the old one's Lease, then finishes the rollout from what
// it reads.
import type { V1DaemonSet, V1Deployment, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { example, readyForGeneration, TapioClusters, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

describe('Tapio operator restarts', () => {
  const env = useOperator('tapio-operator', 'tapio-resilience', WITHOUT_WEBHOOKS);
  const image = (workload: V1Deployment | V1StatefulSet | V1DaemonSet) => workload.spec?.template.spec?.containers[0]?.image ?? '';

  it('converges after being killed in the middle of a version rollout', async () => {
    await env.client.create(TapioClusters, example('production-ha.yaml', env.namespace));
    await waitForReady(env.client, TapioClusters, env.namespace, 'production', 180_000);
    await env.client.patch(TapioClusters, 'production', env.namespace, { spec: { version: 'v0.2.0' } });
    const gateway = () => env.client.get<V1Deployment>(ResourceTypes.Deployment, 'production-gateway', env.namespace);
    await waitFor(async () => /:v0\.2\.0$/.test(image(await gateway())), { intervalMs: 20, description: 'the rollout to reach the gateway Deployment' });
    await env.operator.kill();
    // Killed mid-way: what the operator had still to do is left undone.
    expect(readyForGeneration(await env.client.get<Tapio>(TapioClusters, 'production', env.namespace))).toBe(false);
    await env.operator.start();
    await waitForReady(env.client, TapioClusters, env.namespace, 'production', 180_000);
    expect(image(await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'production-gateway', env.namespace))).toMatch(/:v0\.2\.0$/);
    expect(image(await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'production-correlation', env.namespace))).toMatch(/:v0\.2\.0$/);
    for (const type of ['ebpf', 'systemd', 'cni']) expect(image(await env.client.get<V1DaemonSet>(ResourceTypes.DaemonSet, `production-${type}`, env.namespace))).toMatch(/:v0\.2\.0$/);
    expect(image(await env.client.get<V1Deployment>(ResourceTypes.Deployment, 'production-kubernetes', env.namespace))).toMatch(/:v0\.2\.0$/);
  });
});
