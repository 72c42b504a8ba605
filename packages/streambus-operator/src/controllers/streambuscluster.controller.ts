import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import {
  controllerFor,
  isControlledBy,
  isInvalid,
  recordApplyEvent,
  resourceType,
  ResourceTypes,
  specOrMetadataChanged,
  toLabelSelector,
  updateStatusIfChanged,
  type KubeObject,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
} from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import {
  API_VERSION,
  KIND,
  MANAGED_BY,
  PAUSE_RECONCILIATION_ANNOTATION,
  PLURAL,
  type StreamBusCluster,
  type StreamBusClusterStatus,
} from '../api/v1alpha1/streambuscluster.ts';
import { validateStreamBusCluster } from '../api/v1alpha1/validation.ts';
import { brokerConfigHash, desiredBrokerConfigMap } from '../resources/broker-config.ts';
import { brokerSelectorLabels } from '../resources/metadata.ts';
import { desiredNetworkPolicies } from '../resources/network-policy.ts';
import { desiredPodDisruptionBudget } from '../resources/pdb.ts';
import { desiredServiceMonitor } from '../resources/service-monitor.ts';
import { desiredClientService, desiredHeadlessService } from '../resources/services.ts';
import { desiredBrokerStatefulSet } from '../resources/statefulset.ts';
import { nextBrokerAction, type BrokerAction, type BrokerPod } from '../rollout/broker-roller.ts';
import { computeClusterStatus, type ServiceMonitorOutcome } from '../status/cluster-status.ts';

export const StreamBusClusters: ResourceType = resourceType(API_VERSION, KIND, PLURAL);

/** Pods of any StreamBus cluster: the cache holds only these, not every pod of the cluster. */
const BROKER_POD_SELECTOR = toLabelSelector({ 'app.kubernetes.io/managed-by': MANAGED_BY });

/** How often to look again while something only a poll can notice is pending (a missing Secret). */
const RECHECK_MS = 15_000;
const CRD_RECHECK_MS = 60_000;

export function streamBusClusterController(manager: Manager) {
  manager.metrics.exportConditions(KIND, () => manager.cache.list<StreamBusCluster>(StreamBusClusters));
  return controllerFor(StreamBusClusters, specOrMetadataChanged)
    .named('streambuscluster')
    .owns(ResourceTypes.ConfigMap)
    .owns(ResourceTypes.Service)
    .owns(ResourceTypes.StatefulSet)
    .owns(ResourceTypes.PodDisruptionBudget)
    .owns(ResourceTypes.NetworkPolicy)
    .watches<V1Pod>(ResourceTypes.Pod, brokerPodToCluster, [], { labelSelector: BROKER_POD_SELECTOR })
    .complete((request, context) => reconcileStreamBusCluster(manager, request, context));
}

function brokerPodToCluster(pod: V1Pod): Request[] {
  const instance = pod.metadata?.labels?.['app.kubernetes.io/instance'];
  const namespace = pod.metadata?.namespace;
  return instance && namespace ? [{ namespace, name: instance }] : [];
}

/**
 * One pass: read the cluster, realise its children with server-side apply (skipping what is
 * already right), roll at most one broker, and write status when it changed.
 */
export async function reconcileStreamBusCluster(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  const raw = manager.cache.get<StreamBusCluster>(StreamBusClusters, request.name, request.namespace);
  if (!raw || raw.metadata?.deletionTimestamp) return {};
  const { logger } = context;

  // The schema and CEL rules reject bad input at admission; this catches objects stored before
  // a stricter CRD was installed, so they get a clear status instead of a crash loop.
  const validated = validateStreamBusCluster(raw);
  if (!validated.ok) {
    const message = validated.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    manager.events.event(raw, 'Warning', 'InvalidSpec', message);
    await writeStatus(manager, raw, computeClusterStatus(withDefaultsUnsafe(raw), {
      missingSecrets: [], rollout: { action: 'done' }, serviceMonitor: 'not-requested', paused: false, specError: message,
    }, new Date()));
    return {};
  }
  const cluster = validated.value;
  const namespace = cluster.metadata.namespace!;
  const paused = cluster.metadata.annotations?.[PAUSE_RECONCILIATION_ANNOTATION] === 'true';

  const missingSecrets = await findMissingSecrets(manager, cluster);
  if (missingSecrets.length) {
    manager.events.event(cluster, 'Warning', 'SecretNotFound', `waiting for Secret(s) ${missingSecrets.join(', ')} in namespace ${namespace}`);
  }

  let serviceMonitor: ServiceMonitorOutcome = 'not-requested';
  let rollout: BrokerAction = { action: 'done' };
  let specError: string | undefined;
  if (!paused && missingSecrets.length === 0) {
    try {
      ({ serviceMonitor, rollout } = await realiseChildren(manager, cluster, logger));
    } catch (err) {
      // 422: the API server refused a child the spec implies (a value no schema rule caught).
      // Retrying cannot help; the status says why until the spec changes.
      if (!isInvalid(err)) throw err;
      specError = `the API server rejected a child object: ${(err as Error).message}`;
      manager.events.event(cluster, 'Warning', 'ApplyRejected', specError);
    }
  }

  const statefulSet = manager.cache.get<V1StatefulSet>(ResourceTypes.StatefulSet, cluster.metadata.name!, namespace);
  const status = computeClusterStatus(cluster, { ...(statefulSet ? { statefulSet } : {}), missingSecrets, rollout, serviceMonitor, paused, ...(specError ? { specError } : {}) }, new Date());
  await writeStatus(manager, raw, status);
  if (missingSecrets.length) return { requeueAfterMs: RECHECK_MS };
  // No watch tells us when prometheus-operator gets installed; look again now and then.
  if (serviceMonitor === 'skipped-no-crd') return { requeueAfterMs: CRD_RECHECK_MS };
  return {};
}

/** Applies every child the spec asks for, deletes those it no longer does, and rolls at most one broker. */
async function realiseChildren(
  manager: Manager,
  cluster: DefaultedStreamBusCluster,
  logger: ReconcileContext['logger'],
): Promise<{ serviceMonitor: ServiceMonitorOutcome; rollout: BrokerAction }> {
  const configMap = desiredBrokerConfigMap(cluster);
  await applyChild(manager, cluster, ResourceTypes.ConfigMap, configMap);
  await applyChild(manager, cluster, ResourceTypes.Service, desiredHeadlessService(cluster));
  await applyChild(manager, cluster, ResourceTypes.Service, desiredClientService(cluster));
  await applyChild(manager, cluster, ResourceTypes.StatefulSet, desiredBrokerStatefulSet(cluster, { configHash: brokerConfigHash(configMap) }));

  const pdb = desiredPodDisruptionBudget(cluster);
  if (pdb) await applyChild(manager, cluster, ResourceTypes.PodDisruptionBudget, pdb);
  await deleteStaleChildren(manager, cluster, ResourceTypes.PodDisruptionBudget, pdb ? [pdb.metadata!.name!] : []);

  const policies = desiredNetworkPolicies(cluster);
  for (const policy of policies) await applyChild(manager, cluster, ResourceTypes.NetworkPolicy, policy);
  await deleteStaleChildren(manager, cluster, ResourceTypes.NetworkPolicy, policies.map((p) => p.metadata!.name!));

  const serviceMonitor = await reconcileServiceMonitor(manager, cluster);
  const rollout = await rollBrokers(manager, cluster, logger);
  return { serviceMonitor, rollout };
}

async function applyChild(manager: Manager, cluster: DefaultedStreamBusCluster, type: ResourceType, desired: KubeObject): Promise<void> {
  const name = desired.metadata!.name!;
  const live = manager.cache.get(type, name, desired.metadata!.namespace);
  const result = await manager.applier.apply(type, desired, live);
  recordApplyEvent(manager.events, cluster, type.kind, name, result);
}

/** Deletes children of `type` this cluster controls that the desired state no longer has. */
async function deleteStaleChildren(manager: Manager, cluster: DefaultedStreamBusCluster, type: ResourceType, keep: string[]): Promise<void> {
  for (const child of manager.cache.ownedBy(type, cluster.metadata.uid!)) {
    const name = child.metadata?.name ?? '';
    if (keep.includes(name) || child.metadata?.deletionTimestamp) continue;
    await manager.client.tryDelete(type, name, child.metadata?.namespace, { preconditions: { uid: child.metadata!.uid! } });
    manager.applier.forget(type, child.metadata?.namespace, name);
    manager.events.event(cluster, 'Normal', 'Deleted', `Deleted ${type.kind} ${name}: no longer part of the spec`);
  }
}

async function findMissingSecrets(manager: Manager, cluster: DefaultedStreamBusCluster): Promise<string[]> {
  const tls = cluster.spec.security?.tls;
  if (!tls?.enabled) return [];
  const names = [tls.certSecretName, tls.caSecretName].filter((n): n is string => Boolean(n));
  const missing: string[] = [];
  // A direct read, not a cache: the operator has no business holding every Secret's data in memory.
  for (const name of names) {
    if (!(await manager.client.tryGet(ResourceTypes.Secret, name, cluster.metadata.namespace))) missing.push(name);
  }
  return missing;
}

/** ServiceMonitors are created only where prometheus-operator's CRD is installed. */
async function reconcileServiceMonitor(manager: Manager, cluster: DefaultedStreamBusCluster): Promise<ServiceMonitorOutcome> {
  const desired = desiredServiceMonitor(cluster);
  const installed = await manager.discovery.serves(ResourceTypes.ServiceMonitor);
  if (!installed) return desired ? 'skipped-no-crd' : 'not-requested';
  const name = cluster.metadata.name!;
  // Not cached: an informer on a kind that may be absent would fail until it appears.
  const live = await manager.client.tryGet<KubeObject>(ResourceTypes.ServiceMonitor, name, cluster.metadata.namespace);
  if (!desired) {
    if (live && isControlledBy(live, cluster)) {
      await manager.client.tryDelete(ResourceTypes.ServiceMonitor, name, cluster.metadata.namespace);
      manager.applier.forget(ResourceTypes.ServiceMonitor, cluster.metadata.namespace, name);
    }
    return 'not-requested';
  }
  const result = await manager.applier.apply(ResourceTypes.ServiceMonitor, desired, live);
  recordApplyEvent(manager.events, cluster, 'ServiceMonitor', name, result);
  return 'created';
}

/**
 * Rolls brokers one at a time (the StatefulSet uses OnDelete): the decision is the pure
 * nextBrokerAction; this only gathers the pods and deletes the one it names.
 */
async function rollBrokers(manager: Manager, cluster: DefaultedStreamBusCluster, logger: ReconcileContext['logger']): Promise<BrokerAction> {
  const namespace = cluster.metadata.namespace!;
  const sts = manager.cache.get<V1StatefulSet>(ResourceTypes.StatefulSet, cluster.metadata.name!, namespace);
  // Until the StatefulSet controller has seen our latest spec, its updateRevision is stale.
  const revisionKnown = sts && (sts.status?.observedGeneration ?? 0) >= (sts.metadata?.generation ?? 0);
  const selector = brokerSelectorLabels(cluster);
  const podCache = manager.cache.informerFor<V1Pod>(ResourceTypes.Pod, { labelSelector: BROKER_POD_SELECTOR });
  const pods: BrokerPod[] = podCache
    .list(namespace)
    .filter((pod) => Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v))
    .map((pod) => ({
      name: pod.metadata!.name!,
      ordinal: Number(pod.metadata!.name!.slice(pod.metadata!.name!.lastIndexOf('-') + 1)),
      revision: pod.metadata?.labels?.['controller-revision-hash'],
      ready: pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      deleting: Boolean(pod.metadata?.deletionTimestamp),
    }));
  const decision = nextBrokerAction({
    desiredRevision: revisionKnown ? sts?.status?.updateRevision : undefined,
    pods,
    replicas: cluster.spec.replicas,
  });
  if (decision.action === 'roll') {
    const pod = podCache.get(decision.pod, namespace);
    logger.info('rolling broker', { pod: decision.pod, reason: decision.reason });
    await manager.client.tryDelete(ResourceTypes.Pod, decision.pod, namespace, { ...(pod?.metadata?.uid ? { preconditions: { uid: pod.metadata.uid } } : {}) });
    manager.events.event(cluster, 'Normal', 'RollingBroker', decision.message);
  } else if (decision.action === 'wait' && decision.reason === 'BrokersNotReady') {
    manager.events.event(cluster, 'Normal', 'RolloutWaiting', decision.message);
  }
  return decision;
}

async function writeStatus(manager: Manager, raw: StreamBusCluster, computed: ReturnType<typeof computeClusterStatus>): Promise<void> {
  const status: StreamBusClusterStatus = { ...computed };
  await updateStatusIfChanged(manager.client, StreamBusClusters, raw, status, manager.name);
}

/** Defaults for an object that failed validation: enough to name its children in status. */
function withDefaultsUnsafe(raw: StreamBusCluster): DefaultedStreamBusCluster {
  return { ...raw, spec: { replicas: 0, ...(raw.spec ?? {}) } } as DefaultedStreamBusCluster;
}
