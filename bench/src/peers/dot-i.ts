// The bench controller on @dot-i/k8s-operator 1.3.9, as its README shows an operator: a subclass of
// Operator whose init() watches the custom resource (and here the owned Deployments, mapped to their
// owner by hand: the framework has no "owns"); each event is handled in turn by its one event queue.
// It has no cache, so a reconcile reads the children with GETs and writes what differs, with the
// framework's @kubernetes/client-node 0.20 (a nested install) and its status helper. Settings: the
// namespace it watches (the framework's `namespace` argument); nothing else is changed.
// The framework's own client-node (0.20, nested under it), not the workspace's 2.x.
import * as k8s from '@dot-i/k8s-operator/node_modules/@kubernetes/client-node/dist/index.js';
import type * as K8s from '@dot-i/k8s-operator/node_modules/@kubernetes/client-node/dist/index.js';
import operatorModule, { ResourceEventType, ResourceMetaImpl, type ResourceEvent } from '@dot-i/k8s-operator';
import { BENCH_GROUP, configMapName, desiredConfigMap, desiredDeployment, type BenchApp } from '../workload.ts';
import { parsePeerArgs, report, serveCommands } from './protocol.ts';

const Operator = operatorModule.default;
const { namespace } = parsePeerArgs(process.argv.slice(2));

const isNotFound = (err: unknown): boolean => (err as { response?: { statusCode?: number } }).response?.statusCode === 404;

class BenchOperator extends Operator {
  private readonly apps = this.kubeConfig.makeApiClient(k8s.AppsV1Api);
  private readonly custom = this.kubeConfig.makeApiClient(k8s.CustomObjectsApi);

  /** Work waiting in the framework's (private) event queue. */
  queued(): number {
    return (this as unknown as { eventQueue: { length(): number } }).eventQueue.length();
  }

  protected async init(): Promise<void> {
    await this.watchResource(BENCH_GROUP, 'v1', 'benchapps', async (e) => {
      if (e.type !== ResourceEventType.Deleted) await this.reconcile(e.object as unknown as BenchApp);
    }, namespace);
    await this.watchResource('apps', 'v1', 'deployments', async (e) => {
      const owner = e.object.metadata?.ownerReferences?.find((o) => o.controller && o.kind === 'BenchApp');
      if (!owner || e.type === ResourceEventType.Deleted) return;
      try {
        const { body } = await this.custom.getNamespacedCustomObject(BENCH_GROUP, 'v1', namespace, 'benchapps', owner.name);
        await this.reconcile(body as BenchApp);
      } catch (err) {
        if (!isNotFound(err)) this.logger.error(`reading BenchApp ${owner.name}: ${String(err)}`);
      }
    }, namespace);
  }

  private async reconcile(app: BenchApp): Promise<void> {
    try {
      await this.ensureConfigMap(app);
      const deployment = await this.ensureDeployment(app);
      await this.updateStatus(app, deployment);
    } catch (err) {
      this.logger.error(`reconciling ${app.metadata.name}: ${(err as { body?: { message?: string } }).body?.message ?? String(err)}`);
    }
    report.reconciled();
  }

  private async ensureConfigMap(app: BenchApp): Promise<void> {
    const desired = desiredConfigMap(app) as K8s.V1ConfigMap;
    try {
      const { body: live } = await this.k8sApi.readNamespacedConfigMap(configMapName(app.metadata.name), namespace);
      if (live.data?.['value'] === app.spec.value) return;
      live.data = desired.data;
      await this.k8sApi.replaceNamespacedConfigMap(configMapName(app.metadata.name), namespace, live);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await this.k8sApi.createNamespacedConfigMap(namespace, desired);
    }
  }

  private async ensureDeployment(app: BenchApp): Promise<K8s.V1Deployment> {
    const desired = desiredDeployment(app) as K8s.V1Deployment;
    try {
      const { body: live } = await this.apps.readNamespacedDeployment(app.metadata.name, namespace);
      const container = live.spec?.template.spec?.containers[0];
      if (live.spec?.replicas === app.spec.replicas && container?.image === app.spec.image) return live;
      live.spec = desired.spec;
      return (await this.apps.replaceNamespacedDeployment(app.metadata.name, namespace, live)).body;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return (await this.apps.createNamespacedDeployment(namespace, desired)).body;
    }
  }

  private async updateStatus(app: BenchApp, deployment: K8s.V1Deployment): Promise<void> {
    const generation = app.metadata.generation ?? 0;
    const current = (deployment.status?.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 1);
    const available = current && (deployment.status?.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false);
    const status = available ? 'True' : 'False';
    const ready = app.status?.conditions?.find((c) => c.type === 'Ready');
    if (app.status?.observedGeneration === generation && ready?.status === status && ready.observedGeneration === generation) return;
    const condition = { type: 'Ready', status, reason: available ? 'Available' : 'Progressing', message: available ? 'Deployment available' : 'waiting for the Deployment', observedGeneration: generation, lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') };
    await this.patchResourceStatus(ResourceMetaImpl.createWithPlural('benchapps', app as unknown as ResourceEvent['object']), { observedGeneration: generation, conditions: [condition] });
  }
}

const operator = new BenchOperator({ debug: () => undefined, info: (m) => console.error(m), warn: (m) => console.error(m), error: (m) => console.error(m) });
serveCommands(() => operator.queued());
await operator.start();
report.synced();
