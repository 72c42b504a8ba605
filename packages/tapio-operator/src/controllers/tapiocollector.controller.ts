// The TapioCollector reconciler, in kubebuilder's order: read from the cache, validate, pause, gather
// facts (Secrets by direct GET, etcd endpoints from the etcd pods), build the collector's children,
// apply them as one child set, the VerticalPodAutoscaler only where its CRD is served, then status
// from the objects the apply returned. The read-only ClusterRole of the Kubernetes API collector is
// cluster-scoped, so it carries no owner reference: it is applied here and deleted by name when the
// collector goes.
import type { V1ClusterRole, V1ClusterRoleBinding, V1DaemonSet, V1Deployment, V1Pod } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  isForbidden,
  podCreationFailures,
  recordApplyEvent,
  resourceType,
  ResourceTypes,
  specOrMetadataChanged,
  type KubeObject,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
} from '@operators/k8s-common';
import { withCollectorDefaults, type DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import { API_VERSION, MANAGED_BY } from '../api/v1alpha1/group.ts';
import { KIND, PLURAL, type TapioCollector } from '../api/v1alpha1/tapiocollector.ts';
import { validateTapioCollector } from '../api/v1alpha1/validation.ts';
import { desiredClusterCollectorDeployment } from '../resources/cluster-collector-deployment.ts';
import { desiredCollectorMetricsService } from '../resources/collector-metrics-service.ts';
import { desiredCollectorNetworkPolicy } from '../resources/collector-network-policy.ts';
import { collectorComponent, collectorSelector, collectorWorkloadName } from '../resources/collector-pods.ts';
import {
  desiredCollectorServiceAccount,
  desiredKubernetesCollectorClusterRole,
  desiredKubernetesCollectorClusterRoleBinding,
  kubernetesCollectorClusterRoleName,
  OWNER_NAMESPACE_LABEL,
} from '../resources/collector-rbac.ts';
import { desiredCollectorVerticalPodAutoscaler } from '../resources/collector-vpa.ts';
import { desiredNodeCollectorDaemonSet, isNodeCollector } from '../resources/node-collector-daemonset.ts';
import { desiredServiceMonitor } from '../resources/service-monitor.ts';
import { computeCollectorStatus, type ObservedCollector } from '../status/collector-status.ts';
import { workloadVerdict } from '../support/workload-verdict.ts';
import { applyOptional, earliest, recheckAfter } from './optional-integration.ts';
import { instanceOf, MANAGED_BY_LABEL, podsMatching, TAPIO_POD_SELECTOR } from './owned-pods.ts';
import { reconcileFlow, type FlowObservation } from './reconcile-flow.ts';
import { findMissingSecrets, rejectedChildError } from './spec-problems.ts';

export const TapioCollectors: ResourceType = resourceType(API_VERSION, KIND, PLURAL);
export const VerticalPodAutoscalers: ResourceType = resourceType('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler', 'verticalpodautoscalers');

const CHILDREN = new ChildSet([ResourceTypes.ServiceAccount, ResourceTypes.Service, ResourceTypes.DaemonSet, ResourceTypes.Deployment, ResourceTypes.NetworkPolicy]);

/** kubeadm's etcd pods, where the etcd collector finds its endpoints when the spec names none. */
const ETCD_PODS = { namespace: 'kube-system', labelSelector: 'component=etcd' };

export function tapioCollectorController(manager: Manager) {
  manager.metrics.exportConditions(KIND, () => manager.cache.list<TapioCollector>(TapioCollectors));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(TapioCollectors, specOrMetadataChanged).named('tapiocollector'))
    .watches<V1Pod>(ResourceTypes.Pod, instanceOf, [], { labelSelector: TAPIO_POD_SELECTOR })
    .complete((request, context) => reconcileTapioCollector(manager, request, context));
}

export function reconcileTapioCollector(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  return reconcileFlow<TapioCollector, DefaultedTapioCollector, Observed>(manager, request, context, {
    type: TapioCollectors,
    validate: validateTapioCollector,
    withDefaults: withCollectorDefaults,
    observeCached,
    realise: (m, collector, ctx) => realise(m, collector, ctx),
    status: computeCollectorStatus,
    whenAbsent: deleteClusterRbac,
  });
}

type Observed = ObservedCollector & FlowObservation;

async function realise(manager: Manager, collector: DefaultedTapioCollector, context: ReconcileContext): Promise<Observed> {
  const { signal } = context;
  const { spec } = collector;
  const missingSecrets = await findMissingSecrets(manager, collector.metadata.namespace, [spec.natsCredentialsSecretName, spec.type === 'etcd' ? spec.etcd?.secretName : undefined], signal);
  const workload = isNodeCollector(collector.spec.type)
    ? desiredNodeCollectorDaemonSet(collector)
    : desiredClusterCollectorDeployment(collector, { etcdEndpoints: await etcdEndpoints(manager, collector, signal) });
  const networkPolicy = desiredCollectorNetworkPolicy(collector);
  let applied;
  let clusterRbac: ObservedCollector['clusterRbac'];
  try {
    applied = await CHILDREN.reconcile(
      manager,
      collector,
      [
        desiredChild(ResourceTypes.ServiceAccount, desiredCollectorServiceAccount(collector)),
        desiredChild(ResourceTypes.Service, desiredCollectorMetricsService(collector)),
        ...(workload ? [desiredChild(isNodeCollector(collector.spec.type) ? ResourceTypes.DaemonSet : ResourceTypes.Deployment, workload)] : []),
        ...(networkPolicy ? [desiredChild(ResourceTypes.NetworkPolicy, networkPolicy)] : []),
      ],
      { signal },
    );
    clusterRbac = await applyClusterRbac(manager, collector, signal);
  } catch (err) {
    return { ...observeCached(manager, collector), paused: false, specError: rejectedChildError(manager, collector, err) };
  }
  const vpa = await applyOptional(manager, collector, VerticalPodAutoscalers, desiredCollectorVerticalPodAutoscaler(collector), signal);
  const monitor = await applyOptional(manager, collector, ResourceTypes.ServiceMonitor, desiredServiceMonitor(collector, spec.monitoring, [collectorComponent(collector)]), signal);
  const live = workload ? applied.get<V1DaemonSet | V1Deployment>(workloadType(collector), collectorWorkloadName(collector)) : undefined;
  return {
    workload: await describeWorkload(manager, collector, live, signal),
    verticalAutoscaler: vpa.outcome,
    serviceMonitor: monitor.outcome,
    paused: false,
    missingSecrets,
    ...(clusterRbac ? { clusterRbac } : {}),
    ...recheckAfter(earliest(vpa.recheckAfterMs, monitor.recheckAfterMs)),
  };
}

const workloadType = (collector: DefaultedTapioCollector): ResourceType => (isNodeCollector(collector.spec.type) ? ResourceTypes.DaemonSet : ResourceTypes.Deployment);

function absentWorkload(collector: DefaultedTapioCollector): ObservedCollector['workload'] {
  return { kind: isNodeCollector(collector.spec.type) ? 'DaemonSet' : 'Deployment', name: collectorWorkloadName(collector), verdict: workloadVerdict(undefined), desiredPods: 0, readyPods: 0 };
}

function observeCached(manager: Manager, collector: DefaultedTapioCollector): Omit<Observed, 'paused'> {
  const live = manager.cache.get<V1DaemonSet | V1Deployment>(workloadType(collector), collectorWorkloadName(collector), collector.metadata.namespace);
  return { workload: countWorkload(collector, live, workloadVerdict(live)), verticalAutoscaler: 'not-requested', serviceMonitor: 'not-requested' };
}

async function describeWorkload(manager: Manager, collector: DefaultedTapioCollector, live: V1DaemonSet | V1Deployment | undefined, signal: AbortSignal) {
  const pods = podsMatching(manager, collector.metadata.namespace, collectorSelector(collector));
  const events = live ? await podCreationFailures(manager.client, live, { signal }) : [];
  return countWorkload(collector, live, workloadVerdict(live, { pods, events }));
}

function countWorkload(collector: DefaultedTapioCollector, live: V1DaemonSet | V1Deployment | undefined, verdict: ReturnType<typeof workloadVerdict>): ObservedCollector['workload'] {
  const base = absentWorkload(collector);
  if (!live) return base;
  const status = live.status as (V1DaemonSet['status'] & V1Deployment['status']) | undefined;
  const desiredPods = isNodeCollector(collector.spec.type) ? (status?.desiredNumberScheduled ?? 0) : ((live as V1Deployment).spec?.replicas ?? 1);
  const readyPods = isNodeCollector(collector.spec.type) ? (status?.numberReady ?? 0) : (status?.readyReplicas ?? 0);
  return { ...base, verdict, desiredPods, readyPods };
}

/** spec.etcd.endpoints, or the client URLs kubeadm's etcd pods advertise. */
async function etcdEndpoints(manager: Manager, collector: DefaultedTapioCollector, signal: AbortSignal): Promise<string[]> {
  if (collector.spec.type !== 'etcd') return [];
  if (collector.spec.etcd?.endpoints?.length) return [...collector.spec.etcd.endpoints];
  const pods = await manager.client.list<V1Pod>(ResourceTypes.Pod, { ...ETCD_PODS, signal });
  return pods.items.flatMap((pod) => {
    const flag = pod.spec?.containers.flatMap((c) => c.command ?? []).find((arg) => arg.startsWith('--advertise-client-urls='));
    return flag ? flag.slice('--advertise-client-urls='.length).split(',') : [];
  });
}

/**
 * The Kubernetes API collector's ClusterRole and binding: read by name (not cached), applied,
 * skipped when unchanged. An operator installed with namespace-scoped RBAC may not: the condition
 * says so, and the rest of the collector is reconciled all the same.
 */
async function applyClusterRbac(manager: Manager, collector: DefaultedTapioCollector, signal: AbortSignal): Promise<ObservedCollector['clusterRbac']> {
  const objects: [ResourceType, KubeObject | undefined][] = [
    [ResourceTypes.ClusterRole, desiredKubernetesCollectorClusterRole(collector) as V1ClusterRole | undefined],
    [ResourceTypes.ClusterRoleBinding, desiredKubernetesCollectorClusterRoleBinding(collector) as V1ClusterRoleBinding | undefined],
  ];
  if (objects.every(([, desired]) => !desired)) return undefined;
  try {
    for (const [type, desired] of objects) {
      if (!desired) continue;
      const live = await manager.client.tryGet<KubeObject>(type, desired.metadata!.name!, undefined, { signal });
      const result = await manager.applier.apply(type, desired, live, { signal });
      recordApplyEvent(manager.events, collector, type.kind, desired.metadata!.name!, result);
    }
    return 'applied';
  } catch (err) {
    if (isForbidden(err)) return 'forbidden';
    throw err;
  }
}

/** The collector is gone (its namespaced children go by garbage collection): delete its cluster-scoped RBAC. */
async function deleteClusterRbac(manager: Manager, request: Request, signal: AbortSignal): Promise<void> {
  const name = kubernetesCollectorClusterRoleName({ metadata: { name: request.name, namespace: request.namespace } } as DefaultedTapioCollector);
  for (const type of [ResourceTypes.ClusterRoleBinding, ResourceTypes.ClusterRole]) {
    // Namespace-scoped RBAC: the operator could not have made them either.
    const live = await manager.client.tryGet<KubeObject>(type, name, undefined, { signal }).catch((err: unknown) => {
      if (isForbidden(err)) return undefined;
      throw err;
    });
    // Only what this operator made for a collector of that namespace.
    const labels = live?.metadata?.labels ?? {};
    if (!live || labels[OWNER_NAMESPACE_LABEL] !== request.namespace || labels[MANAGED_BY_LABEL] !== MANAGED_BY) continue;
    await manager.client.tryDelete(type, name, undefined, { signal, ...(live.metadata?.uid ? { preconditions: { uid: live.metadata.uid } } : {}) });
    manager.applier.forget(type, undefined, name);
  }
}
