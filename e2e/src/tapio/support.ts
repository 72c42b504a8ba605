// What the Tapio e2e files share: the kinds, the seed's examples, and waiting for Ready.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { resourceType, type KubeClient } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { repoRoot } from '../support/operator-process.ts';

export const TapioClusters = resourceType('tapio.io/v1alpha1', 'TapioCluster', 'tapioclusters');
export const TapioCollectors = resourceType('tapio.io/v1alpha1', 'TapioCollector', 'tapiocollectors');
export const TapioIntelligences = resourceType('tapio.io/v1alpha1', 'TapioIntelligence', 'tapiointelligences');

/**
 * For suites about something else: no webhook server (webhooks.e2e.test.ts serves and tests them),
 * so no port is taken and no webhook configuration is looked for.
 */
export const WITHOUT_WEBHOOKS = ['--set=webhooksEnabled=false'];

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface Tapio {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; generation?: number; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: Record<string, unknown>;
  status?: Record<string, unknown> & { observedGeneration?: number; conditions?: Condition[] };
}

/** A seed example as the user applies it, moved into the test's namespace. */
export function example(file: string, namespace: string): Tapio {
  const resource = loadYaml(readFileSync(join(repoRoot, 'packages', 'tapio-operator', 'examples', file), 'utf8')) as Tapio;
  return { ...resource, metadata: { ...resource.metadata, namespace } };
}

export function condition(resource: Tapio | undefined, type: string): Condition | undefined {
  return resource?.status?.conditions?.find((c) => c.type === type);
}

/** Ready=True for the current generation: what `kubectl wait --for=condition=Ready` waits for. */
export function readyForGeneration(resource: Tapio): boolean {
  const ready = condition(resource, 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === resource.metadata.generation && resource.status?.observedGeneration === resource.metadata.generation;
}

/** Waits for Ready for the current generation; a timeout names the conditions last seen. */
export async function waitForReady(client: KubeClient, type: typeof TapioClusters, namespace: string, name: string, timeoutMs = 120_000): Promise<Tapio> {
  let last: Tapio | undefined;
  try {
    return await waitFor(
      async () => {
        last = await client.get<Tapio>(type, name, namespace);
        return readyForGeneration(last) && last;
      },
      { timeoutMs, intervalMs: 500, description: `${type.kind} ${namespace}/${name} to be Ready` },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}; conditions: ${JSON.stringify(last?.status?.conditions ?? [])}`);
  }
}

/**
 * Creates a production-profile TapioCluster once the mutating webhook defaults it: a new webhook
 * configuration may take a moment to reach the API server's admission chain, so an undefaulted
 * one is deleted and created again. Resolves with the stored object.
 */
export async function createDefaultedCluster(client: KubeClient, namespace: string): Promise<Tapio> {
  return waitFor(async () => {
    const created = await client.create<Tapio>(TapioClusters, { apiVersion: TapioClusters.apiVersion, kind: 'TapioCluster', metadata: { name: `prod-${Date.now() % 100000}`, namespace }, spec: { profile: 'production' } });
    if (created.spec['highAvailability'] !== undefined) return created;
    await client.delete(TapioClusters, created.metadata.name, namespace);
    return undefined;
  }, { timeoutMs: 30_000, description: 'the mutating webhook to default a TapioCluster' });
}
