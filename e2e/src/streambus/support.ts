import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { V1Pod } from '@kubernetes/client-node';
import { load as loadYaml } from 'js-yaml';
import { resourceType, ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { createTestNamespace, testClient, waitFor } from '@operators/k8s-common/testing';
import { installChart, OperatorProcess, repoRoot } from '../support/operator-process.ts';

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

/**
 * The operator under test: chart installed in `operatorNamespace` with namespace-scoped RBAC for
 * the watched namespaces, and the operator process authenticated as the chart's ServiceAccount.
 */
export async function startStreamBusOperator(operatorNamespace: string, watched: string[]): Promise<OperatorProcess> {
  const install = installChart('streambus-operator', operatorNamespace, ['rbac.scope=namespace', `watchNamespaces={${watched.join(',')}}`]);
  const operator = new OperatorProcess('streambus-operator', [
    `--kubeconfig=${install.kubeconfigPath}`,
    `--namespaces=${watched.join(',')}`,
    '--leader-elect=true',
    `--leader-election-namespace=${operatorNamespace}`,
    '--resync-period=5s',
    '--log-level=debug',
  ]);
  await operator.start();
  return operator;
}

export function kubectl(...args: string[]): string {
  return execFileSync('kubectl', args, { encoding: 'utf8' });
}

export interface StreamBusTestEnv {
  client: KubeClient;
  /** The namespace the operator watches, where the test's clusters go. */
  namespace: string;
  operator: OperatorProcess;
}

/**
 * Registers beforeAll/afterAll for a test file: a client, a namespace for the chart, one
 * watched namespace, and the operator process. The returned object is filled in beforeAll.
 * afterAll stops the operator with SIGTERM and expects a clean exit.
 */
export function useStreamBusOperator(prefix: string): StreamBusTestEnv {
  const env = {} as StreamBusTestEnv;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    env.client = await testClient();
    const operatorNs = await createTestNamespace(env.client, 'sb-system');
    const watched = await createTestNamespace(env.client, prefix);
    cleanups.push(watched.cleanup, operatorNs.cleanup);
    env.namespace = watched.name;
    env.operator = await startStreamBusOperator(operatorNs.name, [watched.name]);
  });
  afterAll(async () => {
    const code = await env.operator.stop();
    // On a failure, the operator's last log lines say why it did not exit cleanly.
    expect({ code, logs: code === 0 ? '' : env.operator.logs().slice(-4000) }).toEqual({ code: 0, logs: '' });
    for (const cleanup of cleanups) await cleanup();
    await env.client.close();
  });
  return env;
}
