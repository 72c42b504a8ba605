// The API server's limit: the same children written by server-side apply, with no reconcile logic —
// no cache reads, no comparison, no skipping. Every spec change of a BenchApp (its add, or a new
// generation) applies its ConfigMap and Deployment; every event of an available Deployment applies
// its owner's status Ready. Work runs first-in first-out on as many workers as ours has (2).
import type { V1Deployment } from '@kubernetes/client-node';
import { Informer, KubeClient, loadKubeConfig, ResourceTypes } from '@operators/k8s-common';
import { BenchApps, deploymentAvailable, desiredConfigMap, desiredDeployment, type BenchApp } from '../workload.ts';
import { parsePeerArgs, report, serveCommands } from './protocol.ts';

export const LIMIT_CONCURRENCY = 2;
const FIELD_MANAGER = 'bench-limit';

const { namespace } = parsePeerArgs(process.argv.slice(2));
const client = await KubeClient.create(loadKubeConfig(), { userAgent: FIELD_MANAGER });
const apps = new Informer<BenchApp>({ client, type: BenchApps, namespace });
const deployments = new Informer<V1Deployment>({ client, type: ResourceTypes.Deployment, namespace });

const work: (() => Promise<void>)[] = [];
let wake: (() => void) | undefined;
const push = (task: () => Promise<void>): void => {
  work.push(task);
  wake?.();
};

async function worker(): Promise<void> {
  for (;;) {
    const task = work.shift();
    if (!task) {
      await new Promise<void>((resolve) => (wake = resolve));
      continue;
    }
    try {
      await task();
    } catch (err) {
      console.error(`apply failed: ${String(err)}`);
    }
    report.reconciled();
  }
}

apps.addHandler((e) => {
  if (e.type === 'delete') return;
  if (e.type === 'update' && e.old.metadata.generation === e.object.metadata.generation) return;
  const app = e.object;
  push(async () => {
    await client.apply(ResourceTypes.ConfigMap, desiredConfigMap(app), { fieldManager: FIELD_MANAGER });
    await client.apply(ResourceTypes.Deployment, desiredDeployment(app), { fieldManager: FIELD_MANAGER });
  });
});

deployments.addHandler((e) => {
  if (e.type === 'delete' || !deploymentAvailable(e.object)) return;
  const owner = e.object.metadata?.ownerReferences?.find((o) => o.controller && o.kind === 'BenchApp');
  if (!owner) return;
  push(async () => {
    const app = apps.get(owner.name, namespace);
    if (!app) return;
    const generation = app.metadata.generation ?? 1;
    const condition = { type: 'Ready', status: 'True', reason: 'Available', message: 'Deployment available', observedGeneration: generation, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    await client.apply(BenchApps, { apiVersion: BenchApps.apiVersion, kind: 'BenchApp', metadata: { name: app.metadata.name, namespace }, status: { observedGeneration: generation, conditions: [condition] } }, { fieldManager: FIELD_MANAGER, subresource: 'status' });
  });
});

serveCommands(() => work.length);
for (let i = 0; i < LIMIT_CONCURRENCY; i++) worker();
apps.start();
deployments.start();
await Promise.all([apps.waitForSync(), deployments.waitForSync()]);
report.synced();
