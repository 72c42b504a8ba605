// What the Prism e2e files share: the kinds, the examples as the user applies them, and the
// conditions a test waits for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1OwnerReference } from '@kubernetes/client-node';
import { loadAll } from 'js-yaml';
import { resourceType, type KubeClient } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { repoRoot } from '../support/operator-process.ts';

export const PrismPatterns = resourceType('prism.io/v1alpha1', 'PrismPattern', 'prismpatterns');
export const PrismBackends = resourceType('prism.io/v1alpha1', 'PrismBackend', 'prismbackends');
export const PrismStacks = resourceType('prism.io/v1alpha1', 'PrismStack', 'prismstacks');
export const PrismNamespaces = resourceType('prism.io/v1alpha1', 'PrismNamespace', 'prismnamespaces', false);
export const ScaledObjects = resourceType('keda.sh/v1alpha1', 'ScaledObject', 'scaledobjects');
export const TriggerAuthentications = resourceType('keda.sh/v1alpha1', 'TriggerAuthentication', 'triggerauthentications');

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number; uid?: string; labels?: Record<string, string>; ownerReferences?: V1OwnerReference[] };
  spec: { autoscaling?: Record<string, unknown>; [field: string]: unknown };
  status?: { observedGeneration?: number; phase?: string; scaler?: string; readyReplicas?: number; conditions?: Condition[] };
}

/** Every document of examples/<name>.yaml, placed in `namespace`. */
export function example(name: string, namespace: string): Resource[] {
  const docs = loadAll(readFileSync(join(repoRoot, 'packages', 'prism-operator', 'examples', `${name}.yaml`), 'utf8')) as Resource[];
  return docs.map((doc) => ({ ...doc, metadata: { ...doc.metadata, namespace } }));
}

export const condition = (resource: Resource, type: string): Condition | undefined => resource.status?.conditions?.find((c) => c.type === type);

/** Ready=True for the current generation: what `kubectl wait --for=condition=Ready` waits for. */
export function readyForGeneration(resource: Resource): boolean {
  const ready = condition(resource, 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === resource.metadata.generation && resource.status?.observedGeneration === resource.metadata.generation;
}

export async function waitForReady(client: KubeClient, type: typeof PrismPatterns, name: string, namespace: string, timeoutMs = 120_000): Promise<Resource> {
  return waitFor(async () => {
    const current = await client.get<Resource>(type, name, namespace);
    return readyForGeneration(current) && current;
  }, { timeoutMs, description: `${type.kind} ${name} to be Ready` });
}
