// The PrismStack reconciler: the whole Prism deployment as one resource. It owns its PrismBackends
// and PrismPatterns (which their own controllers realise) and the proxy and admin Deployments,
// Services and the proxy's HPA, all applied as one child set, so a deleted or edited child is put
// back and a removed entry's child is pruned. Status comes from the objects the apply returned
// and the children's own Ready conditions.
import type { V1Deployment, V1Pod } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  isInvalid,
  pauseState,
  reconcileOptionalChild,
  ResourceTypes,
  specOrMetadataChanged,
  updateStatusIfChanged,
  type ConditionParts,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
} from '@operators/k8s-common';
import { stackWithDefaults, type DefaultedPrismStack } from '../api/v1alpha1/defaults.ts';
import { PAUSE_RECONCILIATION_ANNOTATION } from '../api/v1alpha1/group.ts';
import type { PrismBackend } from '../api/v1alpha1/prismbackend.ts';
import type { PrismPattern } from '../api/v1alpha1/prismpattern.ts';
import { STACK_KIND, type PrismStack } from '../api/v1alpha1/prismstack.ts';
import { validatePrismStack } from '../api/v1alpha1/validation.ts';
import { ADMIN_COMPONENT, nameOf, PROXY_COMPONENT } from '../resources/metadata.ts';
import { desiredStackBackends, desiredStackPatterns } from '../resources/stack-children.ts';
import { adminSelector, desiredAdminDeployment, desiredProxyDeployment, proxySelector } from '../resources/stack-deployments.ts';
import { desiredProxyHpa } from '../resources/stack-hpa.ts';
import { desiredStackServiceMonitor } from '../resources/stack-service-monitor.ts';
import { adminName, proxyName, stackChildName } from '../resources/stack-names.ts';
import { desiredAdminService, desiredProxyService } from '../resources/stack-services.ts';
import { childVerdict, type ChildVerdict } from '../status/child-readiness.ts';
import { deploymentReadiness, replicaCounts } from '../status/deployment-readiness.ts';
import { computeStackStatus, type ObservedStackState } from '../status/stack-status.ts';
import { PrismBackends, PrismPatterns, PrismStacks } from './resource-types.ts';
import { CRD_RECHECK_MS, podsMatching, PRISM_POD_SELECTOR, reportInvalidSpec } from './shared.ts';

const CHILDREN = new ChildSet([PrismBackends, PrismPatterns, ResourceTypes.Service, ResourceTypes.Deployment, ResourceTypes.HorizontalPodAutoscaler]);

const STACK_COMPONENTS = new Set([PROXY_COMPONENT, ADMIN_COMPONENT]);

export function prismStackController(manager: Manager) {
  manager.metrics.exportConditions(STACK_KIND, () => manager.cache.list<PrismStack>(PrismStacks));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(PrismStacks, specOrMetadataChanged).named('prismstack'))
    .watches<V1Pod>(ResourceTypes.Pod, podToStack, [], { labelSelector: PRISM_POD_SELECTOR })
    .complete((request, context) => reconcilePrismStack(manager, request, context));
}

function podToStack(pod: V1Pod): Request[] {
  const labels = pod.metadata?.labels ?? {};
  const instance = labels['app.kubernetes.io/instance'];
  const namespace = pod.metadata?.namespace;
  return instance && namespace && STACK_COMPONENTS.has(labels['app.kubernetes.io/component'] ?? '') ? [{ namespace, name: instance }] : [];
}

export async function reconcilePrismStack(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  const raw = manager.cache.get<PrismStack>(PrismStacks, request.name, request.namespace);
  if (!raw || raw.metadata?.deletionTimestamp) return {};
  const now = new Date();
  const validated = validatePrismStack(raw);
  if (!validated.ok) {
    const specError = reportInvalidSpec(manager, raw, validated.errors);
    const stack = stackWithDefaults(raw);
    await writeStatus(manager, raw, computeStackStatus(stack, { patterns: new Map(), backends: new Map(), paused: false, specError }, now), context.signal);
    return {};
  }
  const stack = validated.value;
  const paused = pauseState(stack, PAUSE_RECONCILIATION_ANNOTATION).paused;
  const applied = paused ? cached(manager, stack) : await realise(manager, stack, context.signal);
  const workload = (deployment: V1Deployment | undefined, selector: Record<string, string>) =>
    deployment ? { counts: replicaCounts(deployment), readiness: deploymentReadiness(deployment, podsMatching(manager, stack.metadata.namespace, selector)) } : undefined;
  const proxy = workload(applied.proxy, proxySelector(stack));
  const admin = workload(applied.admin, adminSelector(stack));
  const observed: ObservedStackState = {
    ...(proxy ? { proxy } : {}),
    ...(admin ? { admin } : {}),
    patterns: verdicts(stack, stack.spec.patterns, (name) => manager.cache.get<PrismPattern>(PrismPatterns, name, stack.metadata.namespace)),
    backends: verdicts(stack, stack.spec.backends, (name) => manager.cache.get<PrismBackend>(PrismBackends, name, stack.metadata.namespace)),
    paused,
    ...(applied.specError ? { specError: applied.specError } : {}),
    ...(applied.serviceMonitor ? { serviceMonitor: applied.serviceMonitor } : {}),
  };
  await writeStatus(manager, raw, computeStackStatus(stack, observed, now), context.signal);
  // No watch tells the operator that the ServiceMonitor CRD was installed: look again.
  return applied.recheckAfterMs !== undefined ? { requeueAfterMs: applied.recheckAfterMs } : {};
}

interface Applied {
  proxy?: V1Deployment;
  admin?: V1Deployment;
  specError?: string;
  serviceMonitor?: ConditionParts;
  recheckAfterMs?: number;
}

async function realise(manager: Manager, stack: DefaultedPrismStack, signal: AbortSignal): Promise<Applied> {
  const liveProxy = cached(manager, stack).proxy;
  const admin = desiredAdminDeployment(stack);
  const adminService = desiredAdminService(stack);
  const hpa = desiredProxyHpa(stack);
  try {
    // Backends before the patterns that use them, so a pattern never starts without its backend.
    const applied = await CHILDREN.reconcile(manager, stack, [
      ...desiredStackBackends(stack).map((backend) => desiredChild(PrismBackends, backend)),
      ...desiredStackPatterns(stack).map((pattern) => desiredChild(PrismPatterns, pattern)),
      desiredChild(ResourceTypes.Deployment, desiredProxyDeployment(stack, liveProxy?.spec?.replicas !== undefined ? { liveReplicas: liveProxy.spec.replicas } : {})),
      desiredChild(ResourceTypes.Service, desiredProxyService(stack)),
      ...(hpa ? [desiredChild(ResourceTypes.HorizontalPodAutoscaler, hpa)] : []),
      ...(admin ? [desiredChild(ResourceTypes.Deployment, admin)] : []),
      ...(adminService ? [desiredChild(ResourceTypes.Service, adminService)] : []),
    ], { signal });
    const adminDeployment = admin ? applied.get<V1Deployment>(ResourceTypes.Deployment, adminName(stack)) : undefined;
    const monitor = await reconcileOptionalChild(manager, stack, ResourceTypes.ServiceMonitor, desiredStackServiceMonitor(stack), {
      name: nameOf(stack),
      requestedBy: 'spec.observability.metrics.serviceMonitor.enabled is true',
      whenMissing: 'install the Prometheus Operator, or set serviceMonitor.enabled to false',
      purpose: "scrapes the proxy's and the admin plane's /metrics",
      recheckAfterMs: CRD_RECHECK_MS,
      signal,
    });
    return {
      proxy: applied.get<V1Deployment>(ResourceTypes.Deployment, proxyName(stack))!,
      ...(adminDeployment ? { admin: adminDeployment } : {}),
      ...(monitor.state !== 'not-requested' ? { serviceMonitor: monitor.condition } : {}),
      ...(monitor.state === 'not-served' ? { recheckAfterMs: monitor.recheckAfterMs } : {}),
    };
  } catch (err) {
    if (!isInvalid(err)) throw err;
    const specError = `the API server rejected a child object: ${(err as Error).message}`;
    manager.events.event(stack, 'Warning', 'ApplyRejected', specError);
    return { ...cached(manager, stack), specError };
  }
}

function cached(manager: Manager, stack: DefaultedPrismStack): Applied {
  const get = (name: string) => manager.cache.get<V1Deployment>(ResourceTypes.Deployment, name, stack.metadata.namespace);
  const proxy = get(proxyName(stack));
  const admin = stack.spec.admin.enabled ? get(adminName(stack)) : undefined;
  return { ...(proxy ? { proxy } : {}), ...(admin ? { admin } : {}) };
}

/** The children's own verdicts, by entry name; read from the cache, which their watch keeps current. */
function verdicts(stack: DefaultedPrismStack, entries: readonly { name: string }[] | undefined, get: (name: string) => PrismPattern | PrismBackend | undefined): Map<string, ChildVerdict> {
  return new Map((entries ?? []).map(({ name }) => [name, childVerdict(get(stackChildName(stack, name)))]));
}

async function writeStatus(manager: Manager, raw: PrismStack, status: ReturnType<typeof computeStackStatus>, signal: AbortSignal): Promise<void> {
  await updateStatusIfChanged(manager.client, PrismStacks, raw, { ...status }, manager.name, { signal });
}
