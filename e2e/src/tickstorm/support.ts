// Shared by the Tick-Storm e2e files: the examples, the TickStorm's shape as the tests read it, and
// the runtime settings recomputed from the limits by the seed's rules (independently of the
// operator's code, so a wrong derivation fails a test).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Deployment, V1EnvVar, V1Node } from '@kubernetes/client-node';
import { load as loadYaml } from 'js-yaml';
import { resourceType, ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { repoRoot } from '../support/operator-process.ts';

export const TickStorms = resourceType('tickstorm.io/v1alpha1', 'TickStorm', 'tickstorms');

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  observedGeneration?: number;
}

export interface TickStormObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; generation?: number; annotations?: Record<string, string> };
  spec: Record<string, unknown> & { replicas?: number; resources?: { limits?: { cpu?: string; memory?: string } } };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    readyReplicas?: number;
    endpoint?: string;
    conditions?: Condition[];
    effectiveRuntime?: { gomaxprocs?: { value: string; source: string }; gomemlimit?: { value: string; source: string } };
    resourceTerminations?: { pod: string; container: string; reason: string }[];
  };
}

export function example(file: string, name?: string): TickStormObject {
  const parsed = loadYaml(readFileSync(join(repoRoot, 'packages', 'tickstorm-operator', 'examples', file), 'utf8')) as TickStormObject;
  return name ? { ...parsed, metadata: { ...parsed.metadata, name } } : parsed;
}

export function tickStorm(name: string, spec: Record<string, unknown> = {}): TickStormObject {
  return { apiVersion: TickStorms.apiVersion, kind: 'TickStorm', metadata: { name }, spec: { replicas: 2, service: { type: 'ClusterIP' }, ...spec } };
}

export function condition(resource: TickStormObject | undefined, type: string): Condition | undefined {
  return resource?.status?.conditions?.find((c) => c.type === type);
}

/** Ready=True for the current generation: what `kubectl wait --for=condition=Ready` waits for. */
export function readyForGeneration(resource: TickStormObject): boolean {
  const ready = condition(resource, 'Ready');
  return ready?.status === 'True' && ready.observedGeneration === resource.metadata.generation && resource.status?.observedGeneration === resource.metadata.generation;
}

/** Waits for Ready of the current generation; on a timeout the error shows the last status, which says why. */
export async function waitForReady(client: KubeClient, namespace: string, name: string, timeoutMs = 90_000): Promise<TickStormObject> {
  let last: TickStormObject | undefined;
  try {
    return await waitFor(async () => {
      last = await client.get<TickStormObject>(TickStorms, name, namespace);
      return readyForGeneration(last) && last;
    }, { timeoutMs, description: `TickStorm ${namespace}/${name} to be Ready` });
  } catch (err) {
    throw new Error(`${(err as Error).message}; generation ${last?.metadata.generation}, status ${JSON.stringify(last?.status?.conditions)}`);
  }
}

export async function serverEnv(client: KubeClient, namespace: string, name: string): Promise<Record<string, string>> {
  const deployment = await client.get<V1Deployment>(ResourceTypes.Deployment, name, namespace);
  const env: V1EnvVar[] = deployment.spec?.template.spec?.containers[0]?.env ?? [];
  return Object.fromEntries(env.filter((e) => e.value !== undefined).map((e) => [e.name, e.value!]));
}

const UNITS: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };
function bytesOf(quantity: string): number {
  const [, number, unit] = /^([0-9.]+)([a-zA-Z]*)$/.exec(quantity)!;
  return Number(number) * UNITS[unit!]!;
}

/** The seed's rules: GOMAXPROCS = CPU limit rounded up (at least 1); GOMEMLIMIT ≈ 70% of the memory limit in whole MiB; the memory ulimit 75% of it. */
export function expectedRuntimeEnv(limits: { cpu: string; memory: string }): Record<string, string> {
  const memory = bytesOf(limits.memory);
  return {
    GOMAXPROCS: String(Math.max(1, Math.ceil(bytesOf(limits.cpu) - 1e-9))),
    GOMEMLIMIT: `${Math.floor((memory * 0.7) / 2 ** 20)}MiB`,
    ULIMIT_MAX_MEMORY_SIZE: String(Math.floor(memory * 0.75)),
  };
}

/**
 * Waits until the operator has made no write for `quietMs`, then returns its writes so far: the
 * baseline of a steady-state check, which then expects no write at all over several resyncs. The
 * default outlasts the event recorder's series interval (30 s): repeats of Events recorded by earlier
 * activity reach the server up to 30 s late. An Event repeated by every reconcile never lets it settle.
 */
export async function settledWrites(operator: { writesByResource(): Promise<Record<string, number>> }, quietMs = 31_000): Promise<Record<string, number>> {
  let last = JSON.stringify(await operator.writesByResource());
  let quietSince = Date.now();
  await waitFor(async () => {
    const now = JSON.stringify(await operator.writesByResource());
    if (now !== last) [last, quietSince] = [now, Date.now()];
    return Date.now() - quietSince >= quietMs;
  }, { timeoutMs: 120_000, intervalMs: 1_000, description: 'the operator to stop writing' });
  return JSON.parse(last) as Record<string, number>;
}

export const Nodes = resourceType('v1', 'Node', 'nodes', false);

/**
 * kwok's nodes report no ephemeral-storage, so pods that request it (the seed's do: 500Mi) cannot be
 * scheduled. Each node lacking it is given what a kubelet reports for its disk, in its status as a
 * kubelet writes it. Not reverted: every real node reports it, and another suite running at the same
 * time may schedule on it.
 */
export async function giveNodesEphemeralStorage(client: KubeClient, amount = '100Gi'): Promise<void> {
  const nodes = await client.list<V1Node>(Nodes);
  const lacking = nodes.items.filter((node) => !node.status?.allocatable?.['ephemeral-storage']);
  await Promise.all(lacking.map((node) =>
    client.patch(Nodes, node.metadata!.name!, undefined, { status: { capacity: { 'ephemeral-storage': amount }, allocatable: { 'ephemeral-storage': amount } } }, 'merge', 'status')));
}
