// The Tapio operator against the local cluster, run as `npm start` runs it, with the
// chart's RBAC: the example reaches Ready, a change rolls out and status follows, drift is put back,
// and a converged resource makes no write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Deployment } from '@kubernetes/client-node';
import { load as loadYaml } from 'js-yaml';
import { resourceType, ResourceTypes } from '@operators/k8s-common';
import { sleep, waitFor } from '@operators/k8s-common/testing';
import { repoRoot, useOperator } from '../support/operator-process.ts';

const TapioClusters = resourceType('tapio.io/v1alpha1', 'TapioCluster', 'tapioclusters');

interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number };
  spec: { image: string; replicas?: number };
  status?: { observedGeneration?: number; readyReplicas?: number; conditions?: { type: string; status: string; reason: string; message: string; observedGeneration?: number }[] };
}

const example = (): Resource =>
  loadYaml(readFileSync(join(repoRoot, 'packages', 'tapio-operator', 'examples', 'tapio.io_v1alpha1_tapiocluster.yaml'), 'utf8')) as Resource;

/** Ready=True for the current generation: what `kubectl wait --for=condition=Ready` waits for. */
function readyForGeneration(resource: Resource): boolean {
  const ready = resource.status?.conditions?.find((c) => c.type === 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === resource.metadata.generation && resource.status?.observedGeneration === resource.metadata.generation;
}

describe('Tapio operator', () => {
  const env = useOperator('tapio-operator', 'tapio');
  const get = (name: string) => env.client.get<Resource>(TapioClusters, name, env.namespace);

  it('the example reaches Ready with its Deployment', async () => {
    const resource = example();
    await env.client.create(TapioClusters, { ...resource, metadata: { ...resource.metadata, namespace: env.namespace } });
    const ready = await waitFor(async () => {
      const current = await get(resource.metadata.name);
      return readyForGeneration(current) && current;
    }, { timeoutMs: 90_000, description: 'the example to be Ready' });
    expect(ready.status?.readyReplicas).toBe(resource.spec.replicas);
    const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, resource.metadata.name, env.namespace);
    expect(deployment.spec?.template.spec?.containers[0]?.image).toBe(resource.spec.image);
  });

  it('rolls out an image change, and status is not Ready for the new generation before it is done', async () => {
    const name = example().metadata.name;
    await env.client.patch(TapioClusters, name, env.namespace, { spec: { image: 'registry.k8s.io/pause:3.9' } });
    const updated = await waitFor(async () => {
      const current = await get(name);
      return readyForGeneration(current) && current;
    }, { timeoutMs: 90_000, description: 'the new image to be Ready' });
    const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace);
    expect(deployment.spec?.template.spec?.containers[0]?.image).toBe('registry.k8s.io/pause:3.9');
    expect(deployment.status?.updatedReplicas).toBe(updated.spec.replicas);
  });

  it('puts back a hand edit of the Deployment', async () => {
    const name = example().metadata.name;
    await env.client.patch(ResourceTypes.Deployment, name, env.namespace, { spec: { template: { spec: { containers: [{ name: 'server', image: 'edited:by-hand' }] } } } }, 'strategic');
    await waitFor(async () => {
      const deployment = await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace);
      return deployment.spec?.template.spec?.containers[0]?.image === 'registry.k8s.io/pause:3.9';
    }, { description: 'the operator to restore the image' });
  });

  it('makes no write in the steady state', async () => {
    const name = example().metadata.name;
    await waitFor(async () => readyForGeneration(await get(name)), { description: 'Ready again after the drift' });
    // Events are flushed a little later than the writes they report.
    await sleep(3_000);
    const before = await env.operator.writesByResource();
    await sleep(12_000); // two resync periods (--resync-period=5s) and then some
    expect(await env.operator.writesByResource()).toEqual(before);
  });

  it('deleting the resource deletes its Deployment', async () => {
    const name = example().metadata.name;
    await env.client.delete(TapioClusters, name, env.namespace);
    await waitFor(async () => !(await env.client.tryGet(ResourceTypes.Deployment, name, env.namespace)), { description: 'the Deployment to be garbage-collected' });
  });
});
