// The bench controller on libs/k8s-common, written as an operator would write it: a Manager, a
// controller for BenchApps owning a ConfigMap and a Deployment through a ChildSet, readiness from
// the Deployment by kstatus' rules, status by server-side apply only when it changed. Every flag is
// the manager's own (the driver passes --namespaces, --resync-period, --leader-elect=false and turns
// the HTTP endpoints off); see bench/src/peers.ts for what the bench changes.
import type { V1Deployment } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  Manager,
  parseManagerConfig,
  readinessConditions,
  ResourceTypes,
  runManager,
  setConditions,
  specOrMetadataChanged,
  updateStatusIfChanged,
  workloadReadiness,
} from '@operators/k8s-common';
import { BenchApps, desiredConfigMap, desiredDeployment, type BenchApp } from '../workload.ts';
import { report, serveCommands } from './protocol.ts';

const manager = await Manager.create({ name: 'bench-ours', config: parseManagerConfig('bench-ours') });
const CHILDREN = new ChildSet([ResourceTypes.ConfigMap, ResourceTypes.Deployment]);

const controller = manager.add(
  CHILDREN.kinds.reduce((builder, kind) => builder.owns(kind), controllerFor(BenchApps, specOrMetadataChanged)).complete(async (request, { signal }) => {
    const app = manager.cache.get<BenchApp>(BenchApps, request.name, request.namespace);
    if (!app) return;
    const applied = await CHILDREN.reconcile(manager, app, [desiredChild(ResourceTypes.ConfigMap, desiredConfigMap(app)), desiredChild(ResourceTypes.Deployment, desiredDeployment(app))], { signal });
    const deployment = applied.get<V1Deployment>(ResourceTypes.Deployment, app.metadata.name)!;
    const generation = app.metadata.generation ?? 0;
    const { ready } = readinessConditions(workloadReadiness(deployment));
    const conditions = setConditions(app.status?.conditions, [{ type: 'Ready', ...ready, observedGeneration: generation }]);
    await updateStatusIfChanged(manager.client, BenchApps, app, { observedGeneration: generation, conditions }, manager.name, { signal });
    report.reconciled();
  }),
);

serveCommands(() => controller.queue.len());
manager.cache.waitForSync().then(() => report.synced());
await runManager(manager);
