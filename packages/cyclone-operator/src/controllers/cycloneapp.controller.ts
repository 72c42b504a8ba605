// The CycloneApp reconciler, in kubebuilder's order: read the app from the cache, validate, pause,
// gather facts (nodes and children from the cache, the TLS Secret by a direct GET, the performance
// figures from Prometheus), decide the release and the config.toml (pure decisions), apply every
// child as one child set (no write when a child is already right; children no longer desired are
// deleted), then write status computed from the objects the apply returned.
import type { V1ConfigMap, V1Deployment, V1Node, V1Pod } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  isInvalid,
  labelsChanged,
  anyOf,
  pauseState,
  reconcileOptionalChild,
  resourceType,
  ResourceTypes,
  specOrMetadataChanged,
  toLabelSelector,
  updateStatusIfChanged,
  type Manager,
  type Predicate,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
} from '@operators/k8s-common';
import { API_VERSION, KIND, MANAGED_BY, PAUSE_RECONCILIATION_ANNOTATION, PLURAL, type CycloneApp, type CycloneAppStatus } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { validateCycloneApp } from '../api/v1/validation.ts';
import { decideConfigContent } from '../config/config-source.ts';
import { decidePerformanceStatus, DEFAULT_PERFORMANCE_POLICY } from '../performance/performance-status.ts';
import type { PerformanceSource } from '../performance/prometheus-client.ts';
import { desiredConfigMap, renderAppConfig } from '../resources/app-config.ts';
import { desiredAutoscaler } from '../resources/autoscaler.ts';
import { desiredDeployment, releaseOf } from '../resources/deployment.ts';
import { desiredDisruptionBudget } from '../resources/disruption-budget.ts';
import { appSelectorLabels, configMapName, deploymentName, serviceMonitorName } from '../resources/metadata.ts';
import { desiredNetworkPolicy } from '../resources/network-policy.ts';
import { desiredRelease } from '../resources/release.ts';
import { desiredServiceMonitor } from '../resources/service-monitor.ts';
import { desiredService } from '../resources/service.ts';
import { decideRelease } from '../rollout/release.ts';
import { computeAppStatus, invalidSpecStatus, type ObservedAppState, type ServiceMonitorOutcome } from '../status/app-status.ts';
import { assessNodeCapabilities, type ObservedNode } from '../status/node-capabilities.ts';
import { progressDeadlineExceeded } from '../support/progress-deadline.ts';
import { deploymentReadiness } from '../support/workload-readiness.ts';

export const CycloneApps: ResourceType = resourceType(API_VERSION, KIND, PLURAL);
export const Nodes: ResourceType = resourceType('v1', 'Node', 'nodes', false);

/** Every kind of child a CycloneApp owns; the controller registers each with `owns`, so the cache holds them. */
const CHILDREN = new ChildSet([
  ResourceTypes.ConfigMap,
  ResourceTypes.Service,
  ResourceTypes.Deployment,
  ResourceTypes.PodDisruptionBudget,
  ResourceTypes.HorizontalPodAutoscaler,
  ResourceTypes.NetworkPolicy,
]);

/** Pods of any CycloneApp: the cache holds only these, not every pod of the cluster. */
const POD_SELECTOR = toLabelSelector({ 'app.kubernetes.io/managed-by': MANAGED_BY });

/** How often to look again while something only a poll can notice is pending (a missing Secret). */
const RECHECK_MS = 15_000;

export interface CycloneAppControllerOptions {
  /** Where the performance figures come from (--prometheus-url), or notConfigured. */
  performance: PerformanceSource;
}

export function cycloneAppController(manager: Manager, options: CycloneAppControllerOptions) {
  // cyclone_operator_resource_condition: alerts see a CycloneApp that is not Ready, whatever its children.
  manager.metrics.exportConditions(KIND, () => manager.cache.list<CycloneApp>(CycloneApps));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(CycloneApps, specOrMetadataChanged).named('cycloneapp'))
    .watches<V1Pod>(ResourceTypes.Pod, podToOwner, [], { labelSelector: POD_SELECTOR })
    // A node that gains or loses a capability label (or hugepages) changes the NodeCapabilities verdict.
    .watches<V1Node>(Nodes, () => appsNeedingNodes(manager), [anyOf(labelsChanged, schedulingChanged)])
    .complete((request, context) => reconcileCycloneApp(manager, options, request, context));
}

function podToOwner(pod: V1Pod): Request[] {
  const instance = pod.metadata?.labels?.['app.kubernetes.io/instance'];
  const namespace = pod.metadata?.namespace;
  return instance && namespace ? [{ namespace, name: instance }] : [];
}

/** Node updates that matter for placement; kubelets' heartbeats do not. */
const schedulingChanged: Predicate<V1Node> = (e) =>
  e.type !== 'update' ||
  e.old.spec?.unschedulable !== e.object.spec?.unschedulable ||
  JSON.stringify(e.old.status?.allocatable ?? {}) !== JSON.stringify(e.object.status?.allocatable ?? {});

function appsNeedingNodes(manager: Manager): Request[] {
  return manager.cache
    .list<CycloneApp>(CycloneApps)
    .flatMap((app) => (app.metadata?.name && app.metadata.namespace ? [{ namespace: app.metadata.namespace, name: app.metadata.name }] : []));
}

export async function reconcileCycloneApp(manager: Manager, options: CycloneAppControllerOptions, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  const raw = manager.cache.get<CycloneApp>(CycloneApps, request.name, request.namespace);
  if (!raw || raw.metadata?.deletionTimestamp) return {};
  const now = new Date();

  // Admission rejects bad input; this catches objects stored before a stricter CRD was installed,
  // so they get a clear status instead of a crash loop.
  const validated = validateCycloneApp(raw);
  if (!validated.ok) {
    const message = validated.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    manager.events.event(raw, 'Warning', 'InvalidSpec', message);
    await writeStatus(manager, raw, invalidSpecStatus(raw, message, now), context.signal);
    return {};
  }
  const app = validated.value;
  const { paused } = pauseState(app, PAUSE_RECONCILIATION_ANNOTATION);
  const pods = ownPods(manager, app);
  const cachedDeployment = manager.cache.get<V1Deployment>(ResourceTypes.Deployment, deploymentName(app), app.metadata.namespace);
  const liveReadiness = cachedDeployment ? deploymentReadiness(cachedDeployment, pods) : undefined;
  const release = decideRelease(
    {
      desired: desiredRelease(app),
      automaticRollback: app.spec.rollback.automatic,
      progressDeadlineSeconds: app.spec.progressDeadlineSeconds,
      ...(app.status?.lastKnownGoodVersion && app.status.lastKnownGoodImage ? { lastKnownGood: { version: app.status.lastKnownGoodVersion, image: app.status.lastKnownGoodImage } } : {}),
      ...(app.status?.rollback ? { rollback: app.status.rollback } : {}),
      ...(cachedDeployment && liveReadiness
        ? { live: { release: releaseOf(cachedDeployment), readiness: liveReadiness, progressDeadlineExceeded: progressDeadlineExceeded(cachedDeployment, now) } }
        : {}),
    },
    now,
  );
  const rendered = renderAppConfig(app);
  const config = decideConfigContent(rendered.content, manager.cache.get<V1ConfigMap>(ResourceTypes.ConfigMap, configMapName(app), app.metadata.namespace));
  const nodes = assessNodeCapabilities(app, manager.cache.list<V1Node>(Nodes).map(observedNode));
  const performance = decidePerformanceStatus(app.status ?? {}, await options.performance(app, context.signal), now);

  // While paused nothing is applied: status names the release that runs, not the one spec asks for.
  const running = paused ? releaseOf(cachedDeployment) : undefined;
  const base = { release: running ? { ...release, run: running } : release, nodes, config, performance, paused };
  let observed: ObservedAppState;
  let serviceMonitorRecheckMs: number | undefined;
  if (paused) {
    // Nothing is checked or applied: the status describes what runs.
    observed = { ...base, ...withReadiness(cachedDeployment, pods), missingSecrets: [], serviceMonitor: 'not-requested' };
  } else {
    const missingSecrets = await findMissingSecrets(manager, app, context.signal);
    if (missingSecrets.length) {
      manager.events.event(app, 'Warning', 'SecretNotFound', `waiting for Secret(s) ${missingSecrets.join(', ')} in namespace ${app.metadata.namespace}`);
      observed = { ...base, ...withReadiness(cachedDeployment, pods), missingSecrets, serviceMonitor: 'not-requested' };
    } else {
      const realised = await realise(manager, app, { release, config, restartHash: rendered.restartHash }, context);
      serviceMonitorRecheckMs = realised.serviceMonitorRecheckMs;
      observed = { ...base, ...withReadiness(realised.deployment ?? cachedDeployment, pods), missingSecrets, serviceMonitor: realised.serviceMonitor, ...(realised.specError ? { specError: realised.specError } : {}) };
      if (release.event && !realised.specError) manager.events.event(app, release.event.type, release.event.reason, release.event.message);
      if (config.outcome === 'hand-edit-replaced') {
        manager.events.event(app, 'Normal', 'ConfigEditReplaced', `the CycloneApp's configuration changed: its rendering of config.toml replaces the hand edit of ConfigMap ${configMapName(app)}`);
      }
    }
  }
  await writeStatus(manager, raw, computeAppStatus(app, observed, now), context.signal);

  const recheck = [
    observed.missingSecrets.length ? RECHECK_MS : undefined,
    // No watch tells us when prometheus-operator gets installed, nor when the figures move.
    serviceMonitorRecheckMs,
    performance.retryAfterMs,
    performance.condition.reason === 'PrometheusNotConfigured' ? undefined : DEFAULT_PERFORMANCE_POLICY.minWriteIntervalMs,
  ].filter((ms): ms is number => ms !== undefined);
  return recheck.length ? { requeueAfterMs: Math.min(...recheck) } : {};
}

interface Realised {
  deployment?: V1Deployment;
  serviceMonitor: ServiceMonitorOutcome;
  serviceMonitorRecheckMs?: number;
  specError?: string;
}

async function realise(
  manager: Manager,
  app: StoredCycloneApp,
  decided: { release: ObservedAppState['release']; config: ObservedAppState['config']; restartHash: string },
  context: ReconcileContext,
): Promise<Realised> {
  const optional = [desiredDisruptionBudget(app), desiredAutoscaler(app), desiredNetworkPolicy(app)];
  const [pdb, hpa, policy] = optional;
  let applied;
  try {
    applied = await CHILDREN.reconcile(
      manager,
      app,
      [
        desiredChild(ResourceTypes.ConfigMap, desiredConfigMap(app, decided.config.content, decided.config.renderedHash)),
        desiredChild(ResourceTypes.Service, desiredService(app)),
        desiredChild(ResourceTypes.Deployment, desiredDeployment(app, { release: decided.release.run, restartHash: decided.restartHash })),
        ...(pdb ? [desiredChild(ResourceTypes.PodDisruptionBudget, pdb)] : []),
        ...(hpa ? [desiredChild(ResourceTypes.HorizontalPodAutoscaler, hpa)] : []),
        ...(policy ? [desiredChild(ResourceTypes.NetworkPolicy, policy)] : []),
      ],
      { signal: context.signal },
    );
  } catch (err) {
    // 422: the API server refused a child the spec implies. Retrying cannot help; status says why.
    if (!isInvalid(err)) throw err;
    const specError = `the API server rejected a child object: ${(err as Error).message}`;
    manager.events.event(app, 'Warning', 'ApplyRejected', specError);
    return { serviceMonitor: 'not-requested', specError };
  }
  const deployment = applied.get<V1Deployment>(ResourceTypes.Deployment, deploymentName(app))!;
  const monitor = await reconcileOptionalChild(manager, app, ResourceTypes.ServiceMonitor, desiredServiceMonitor(app), {
    name: serviceMonitorName(app),
    requestedBy: 'spec.observability.metrics.serviceMonitor is true',
    whenMissing: 'install the Prometheus Operator, or set serviceMonitor to false',
    purpose: "scrapes the metrics port's /metrics",
    signal: context.signal,
  });
  return {
    deployment,
    serviceMonitor: monitor.state === 'applied' ? 'created' : monitor.state === 'not-served' ? 'skipped-no-crd' : 'not-requested',
    ...(monitor.state === 'not-served' ? { serviceMonitorRecheckMs: monitor.recheckAfterMs } : {}),
  };
}

function withReadiness(deployment: V1Deployment | undefined, pods: readonly V1Pod[]): Pick<ObservedAppState, 'deployment' | 'readiness'> {
  return deployment ? { deployment, readiness: deploymentReadiness(deployment, pods) } : {};
}

/** The TLS Secret, by a direct read: the operator has no business holding every Secret's data in memory. */
async function findMissingSecrets(manager: Manager, app: StoredCycloneApp, signal: AbortSignal): Promise<string[]> {
  const { tls } = app.spec;
  if (!tls.enabled || !tls.certificateSecret) return [];
  const secret = await manager.client.tryGet(ResourceTypes.Secret, tls.certificateSecret, app.metadata.namespace, { signal });
  return secret ? [] : [tls.certificateSecret];
}

function observedNode(node: V1Node): ObservedNode {
  return {
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
    ...(node.status?.allocatable ? { allocatable: node.status.allocatable } : {}),
    ...(node.spec?.unschedulable ? { unschedulable: true } : {}),
  };
}

function ownPods(manager: Manager, app: StoredCycloneApp): V1Pod[] {
  const selector = appSelectorLabels(app);
  return manager.cache
    .informerFor<V1Pod>(ResourceTypes.Pod, { labelSelector: POD_SELECTOR })
    .list(app.metadata.namespace)
    .filter((pod) => Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v));
}

async function writeStatus(manager: Manager, raw: CycloneApp, status: CycloneAppStatus, signal: AbortSignal): Promise<void> {
  await updateStatusIfChanged(manager.client, CycloneApps, raw, { ...status }, manager.name, { signal });
}
