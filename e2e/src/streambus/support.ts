import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { load as loadYaml } from 'js-yaml';
import { resourceType, ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { repoRoot, useOperator, type OperatorTestEnv } from '../support/operator-process.ts';

export const StreamBusClusters = resourceType('streambus.io/v1alpha1', 'StreamBusCluster', 'streambusclusters');

export interface Sbc {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; uid?: string; generation?: number; annotations?: Record<string, string> };
  spec: Record<string, unknown> & { replicas?: number };
  status?: {
    phase?: string;
    replicas?: number;
    readyReplicas?: number;
    observedGeneration?: number;
    endpoints?: string[];
    conditions?: { type: string; status: string; reason: string; message: string }[];
    rollout?: { broker?: string; reason: string; message: string };
  };
}

export function example(file: string): Sbc {
  return loadYaml(readFileSync(join(repoRoot, 'packages', 'streambus-operator', 'examples', file), 'utf8')) as Sbc;
}

export function cluster(name: string, spec: Record<string, unknown> = {}): Sbc {
  return { apiVersion: StreamBusClusters.apiVersion, kind: 'StreamBusCluster', metadata: { name }, spec: { replicas: 3, ...spec } };
}

export function condition(c: Sbc | undefined, type: string) {
  return c?.status?.conditions?.find((x) => x.type === type);
}

/** Waits for the phase, with observedGeneration caught up, and returns the cluster. */
export function waitForPhase(client: KubeClient, namespace: string, name: string, phase: string, timeoutMs = 90_000): Promise<Sbc> {
  return waitFor(async () => {
    const c = await client.get<Sbc>(StreamBusClusters, name, namespace);
    return c.status?.phase === phase && c.status.observedGeneration === c.metadata.generation && c;
  }, { timeoutMs, description: `StreamBusCluster ${namespace}/${name} in phase ${phase}` });
}

export async function brokerPods(client: KubeClient, namespace: string, name: string): Promise<V1Pod[]> {
  const list = await client.list<V1Pod>(ResourceTypes.Pod, { namespace, labelSelector: `app.kubernetes.io/instance=${name},app.kubernetes.io/name=streambus-broker` });
  return list.items;
}

export async function claimNames(client: KubeClient, namespace: string): Promise<string[]> {
  const list = await client.list(ResourceTypes.PersistentVolumeClaim, { namespace });
  return list.items.map((c) => c.metadata!.name!).sort();
}

export async function eventsFor(client: KubeClient, namespace: string, name: string): Promise<{ reason: string; note: string; count: number }[]> {
  const list = await client.list<{ metadata?: { name?: string }; reason?: string; note?: string; regarding?: { name?: string }; series?: { count?: number } }>(ResourceTypes.Event, { namespace });
  return list.items
    .filter((e) => e.regarding?.name === name)
    .map((e) => ({ reason: e.reason ?? '', note: e.note ?? '', count: e.series?.count ?? 1 }));
}

export function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8' });
}

export type StreamBusTestEnv = OperatorTestEnv;

/** The StreamBus operator for one test file: its chart, a watched namespace and the process (see useOperator). */
export function useStreamBusOperator(prefix: string): StreamBusTestEnv {
  return useOperator('streambus-operator', prefix);
}
