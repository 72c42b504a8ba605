// The TapioCluster reconciler, in kubebuilder's order: read from the cache, validate (profile
// defaults applied, for objects written while the webhook was off), pause, gather facts (the
// generated NATS password, the live gateway revisions), build NATS, the API gateway, the network
// policies and one TapioCollector per collector plus one TapioIntelligence, apply them as one child
// set, then status from the objects the apply returned (the children custom resources judged by
// their own Ready condition).
import type { V1Deployment, V1Namespace, V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  isForbidden,
  podCreationFailures,
  resourceType,
  ResourceTypes,
  specOrMetadataChanged,
  type DesiredChild,
  type KubeObject,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
} from '@operators/k8s-common';
import { withClusterDefaults } from '../api/v1alpha1/defaults.ts';
import { API_VERSION } from '../api/v1alpha1/group.ts';
import { withProfileDefaults, type ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { KIND, PLURAL, type TapioCluster } from '../api/v1alpha1/tapiocluster.ts';
import type { TapioCollector } from '../api/v1alpha1/tapiocollector.ts';
import type { TapioIntelligence } from '../api/v1alpha1/tapiointelligence.ts';
import { validateTapioCluster } from '../api/v1alpha1/validation.ts';
import { enabledCollectorTypes } from '../api/v1alpha1/collectors.ts';
import { desiredHorizontalPodAutoscaler } from '../resources/autoscaler.ts';
import { desiredClusterNetworkPolicies } from '../resources/cluster-network-policies.ts';
import { canaryDeploymentName } from '../resources/deployment-tracks.ts';
import { desiredPodDisruptionBudget } from '../resources/disruption-budget.ts';
import { desiredGatewayConfigMap, gatewayConfigHash, gatewayName } from '../resources/gateway-config.ts';
import { desiredGatewayDeployment } from '../resources/gateway-deployment.ts';
import { desiredGatewayMetricsService, desiredGatewayService } from '../resources/gateway-service.ts';
import { desiredGrafanaDashboardConfigMap } from '../resources/grafana-dashboard.ts';
import { componentSelector } from '../resources/metadata.ts';
import { desiredNamespacePodSecurity } from '../resources/namespace-pod-security.ts';
import { desiredNatsConfigMap, natsConfigHash } from '../resources/nats-config.ts';
import { acceptedSlots } from '../resources/nats-credentials.ts';
import { natsStatefulSetName } from '../resources/nats-names.ts';
import { desiredNatsClientService, desiredNatsHeadlessService } from '../resources/nats-services.ts';
import { desiredNatsStatefulSet } from '../resources/nats-statefulset.ts';
import { desiredServiceMonitor } from '../resources/service-monitor.ts';
import { collectorName, desiredTapioCollectors, desiredTapioIntelligence, intelligenceName } from '../resources/tapio-children.ts';
import { childVerdict } from '../status/child-verdict.ts';
import { computeClusterStatus, type ObservedCluster } from '../status/cluster-status.ts';
import { workloadVerdict } from '../support/workload-verdict.ts';
import { reconcileNatsCredentials, ROTATION_RECHECK_MS } from './nats-credentials-rotation.ts';
import { applyOptional, earliest, recheckAfter } from './optional-integration.ts';
import { instanceOf, podsMatching, TAPIO_POD_SELECTOR } from './owned-pods.ts';
import { reconcileFlow, type FlowObservation } from './reconcile-flow.ts';
import { rejectedChildError } from './spec-problems.ts';
import { TapioCollectors } from './tapiocollector.controller.ts';
import { TapioIntelligences } from './tapiointelligence.controller.ts';
import { planTrackedDeployment } from './tracked-deployment.ts';
import { countWorkload, optionalChild, withCanaryPods } from './workload-counts.ts';

export const TapioClusters: ResourceType = resourceType(API_VERSION, KIND, PLURAL);

const CHILDREN = new ChildSet([
  ResourceTypes.ConfigMap,
  ResourceTypes.Service,
  ResourceTypes.StatefulSet,
  ResourceTypes.Deployment,
  ResourceTypes.HorizontalPodAutoscaler,
  ResourceTypes.PodDisruptionBudget,
  ResourceTypes.NetworkPolicy,
  TapioCollectors,
  TapioIntelligences,
]);

export function tapioClusterController(manager: Manager) {
  manager.metrics.exportConditions(KIND, () => manager.cache.list<TapioCluster>(TapioClusters));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(TapioClusters, specOrMetadataChanged).named('tapiocluster'))
    .watches<V1Pod>(ResourceTypes.Pod, instanceOf, [], { labelSelector: TAPIO_POD_SELECTOR })
    .complete((request, context) => reconcileTapioCluster(manager, request, context));
}

export function reconcileTapioCluster(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  return reconcileFlow<TapioCluster, ProfiledTapioCluster, Observed>(manager, request, context, {
    type: TapioClusters,
    validate: validateTapioCluster,
    withDefaults: (raw) => withProfileDefaults(withClusterDefaults(raw)),
    observeCached,
    realise,
    status: computeClusterStatus,
  });
}

type Observed = ObservedCluster & FlowObservation;

async function realise(manager: Manager, cluster: ProfiledTapioCluster, context: ReconcileContext, now: Date): Promise<Observed> {
  const { signal } = context;
  const { spec } = cluster;
  // Before the children that read it: the collectors and intelligence find it on their first pass.
  const nats = await reconcileNatsCredentials(manager, cluster, signal);
  const slots = acceptedSlots(nats.credentials);
  const childFacts = { natsUser: nats.credentials.clients.username };
  const podSecurity = await applyPodSecurityLabels(manager, cluster, signal);

  const natsConfig = desiredNatsConfigMap(cluster, slots);
  const gatewayConfig = desiredGatewayConfigMap(cluster);
  const gateway = planTrackedDeployment(
    manager,
    { desired: desiredGatewayDeployment(cluster, { configHash: gatewayConfigHash(gatewayConfig) }), canary: spec.gateway.canary, replicas: spec.gateway.replicas, previous: cluster.status?.gateway?.canary },
    now,
  );
  if (gateway.decision.event) manager.events.event(cluster, gateway.decision.event.type, gateway.decision.event.reason, gateway.decision.event.message);
  const desired: DesiredChild[] = [
    desiredChild(ResourceTypes.ConfigMap, natsConfig),
    desiredChild(ResourceTypes.Service, desiredNatsHeadlessService(cluster)),
    desiredChild(ResourceTypes.Service, desiredNatsClientService(cluster)),
    desiredChild(ResourceTypes.StatefulSet, desiredNatsStatefulSet(cluster, { configHash: natsConfigHash(natsConfig), slots })),
    ...optionalChild(
      ResourceTypes.PodDisruptionBudget,
      desiredPodDisruptionBudget(cluster, { name: natsStatefulSetName(cluster), component: 'nats', selector: componentSelector(cluster, 'nats'), replicas: spec.nats.replicas, highAvailability: spec.highAvailability }),
    ),
    desiredChild(ResourceTypes.ConfigMap, gatewayConfig),
    ...optionalChild(ResourceTypes.ConfigMap, desiredGrafanaDashboardConfigMap(cluster)),
    desiredChild(ResourceTypes.Service, desiredGatewayService(cluster)),
    desiredChild(ResourceTypes.Service, desiredGatewayMetricsService(cluster)),
    ...gateway.children,
    ...optionalChild(
      ResourceTypes.HorizontalPodAutoscaler,
      desiredHorizontalPodAutoscaler(cluster, { deploymentName: gatewayName(cluster), component: 'gateway', replicas: spec.gateway.replicas, autoscaling: spec.gateway.autoscaling }),
    ),
    ...optionalChild(
      ResourceTypes.PodDisruptionBudget,
      desiredPodDisruptionBudget(cluster, { name: gatewayName(cluster), component: 'gateway', selector: componentSelector(cluster, 'gateway'), replicas: spec.gateway.replicas, highAvailability: spec.highAvailability }),
    ),
    ...desiredClusterNetworkPolicies(cluster).map((policy) => desiredChild(ResourceTypes.NetworkPolicy, policy)),
    desiredChild(TapioIntelligences, desiredTapioIntelligence(cluster, childFacts)),
    ...desiredTapioCollectors(cluster, childFacts).map((collector) => desiredChild(TapioCollectors, collector)),
  ];
  let applied;
  try {
    applied = await CHILDREN.reconcile(manager, cluster, desired, { signal });
  } catch (err) {
    return { ...observeCached(manager, cluster), paused: false, specError: rejectedChildError(manager, cluster, err) };
  }
  const monitor = await applyOptional(manager, cluster, ResourceTypes.ServiceMonitor, desiredServiceMonitor(cluster, spec.monitoring, ['gateway']), signal);
  const natsServers = applied.get<V1StatefulSet>(ResourceTypes.StatefulSet, natsStatefulSetName(cluster));
  const stable = applied.get<V1Deployment>(ResourceTypes.Deployment, gatewayName(cluster));
  const canary = applied.get<V1Deployment>(ResourceTypes.Deployment, canaryDeploymentName(gatewayName(cluster)));
  const pods = (component: 'nats' | 'gateway') => podsMatching(manager, cluster.metadata.namespace, componentSelector(cluster, component));
  const events = async (workload: KubeObject | undefined) => (workload ? await podCreationFailures(manager.client, workload, { signal }) : []);
  return {
    ...children(cluster, (type, name) => applied.get(type, name)),
    nats: countWorkload(natsServers, workloadVerdict(natsServers, { pods: pods('nats'), events: await events(natsServers) }), natsStatefulSetName(cluster)),
    gateway: { ...withCanaryPods(countWorkload(stable, workloadVerdict(stable, { pods: pods('gateway'), events: await events(stable) }), gatewayName(cluster)), canary), canary: gateway.decision },
    serviceMonitor: monitor.outcome,
    podSecurity,
    ...(nats.credentials.request !== undefined ? { credentialsRotation: nats.waiting ? { waiting: nats.waiting } : { request: nats.credentials.request } } : {}),
    paused: false,
    ...recheckAfter(earliest(gateway.decision.requeueAfterMs, monitor.recheckAfterMs, nats.waiting ? ROTATION_RECHECK_MS : undefined)),
  };
}

/** The collectors and the intelligence, judged by their own status (their controllers run beside this one). */
function children(cluster: ProfiledTapioCluster, lookup: (type: ResourceType, name: string) => KubeObject | undefined): Pick<ObservedCluster, 'collectors' | 'intelligence'> {
  const name = intelligenceName(cluster);
  return {
    collectors: enabledCollectorTypes(cluster.spec.collectors).map((type) => {
      const collector = collectorName(cluster, type);
      return { kind: 'TapioCollector' as const, type, name: collector, verdict: childVerdict(lookup(TapioCollectors, collector) as TapioCollector | undefined) };
    }),
    intelligence: { kind: 'TapioIntelligence', name, verdict: childVerdict(lookup(TapioIntelligences, name) as TapioIntelligence | undefined) },
  };
}

/** What runs, from the cache: while paused, or when the API server refused a child. */
function observeCached(manager: Manager, cluster: ProfiledTapioCluster): Omit<Observed, 'paused'> {
  const namespace = cluster.metadata.namespace;
  const nats = manager.cache.get<V1StatefulSet>(ResourceTypes.StatefulSet, natsStatefulSetName(cluster), namespace);
  const gateway = manager.cache.get<V1Deployment>(ResourceTypes.Deployment, gatewayName(cluster), namespace);
  const previous = cluster.status?.gateway?.canary;
  return {
    ...children(cluster, (type, name) => manager.cache.get(type, name, namespace)),
    nats: countWorkload(nats, workloadVerdict(nats), natsStatefulSetName(cluster)),
    gateway: { ...countWorkload(gateway, workloadVerdict(gateway), gatewayName(cluster)), canary: { stableTemplate: 'desired', canaryReplicas: 0, ...(previous ? { status: previous } : {}) } },
    serviceMonitor: 'not-requested',
    podSecurity: 'not-requested',
  };
}

/**
 * The namespace's Pod Security labels, applied with only those labels (the namespace is not ours:
 * no owner reference, nothing else touched). Read directly: the operator caches no namespaces.
 */
async function applyPodSecurityLabels(manager: Manager, cluster: ProfiledTapioCluster, signal: AbortSignal): Promise<ObservedCluster['podSecurity']> {
  const desired = desiredNamespacePodSecurity(cluster);
  if (!desired) return 'not-requested';
  try {
    const live = await manager.client.tryGet<V1Namespace>(ResourceTypes.Namespace, desired.metadata!.name!, undefined, { signal });
    await manager.applier.apply(ResourceTypes.Namespace, desired, live, { signal });
    return 'applied';
  } catch (err) {
    if (isForbidden(err)) return 'forbidden';
    throw err;
  }
}
