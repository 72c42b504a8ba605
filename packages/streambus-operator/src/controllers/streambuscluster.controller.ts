import type { V1Pod, V1StatefulSet } from '@kubernetes/client-node';
import {
  checkProgress,
  ChildSet,
  controllerFor,
  desiredChild,
  isInvalid,
  pauseState,
  podCreationFailures,
  reconcileOptionalChild,
  resourceType,
  ResourceTypes,
  specOrMetadataChanged,
  toLabelSelector,
  updateStatusIfChanged,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
} from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { API_VERSION, KIND, MANAGED_BY, PAUSE_RECONCILIATION_ANNOTATION, PLURAL, type StreamBusCluster } from '../api/v1alpha1/streambuscluster.ts';
import { validateStreamBusCluster } from '../api/v1alpha1/validation.ts';
import { brokerConfigHash, desiredBrokerConfigMap } from '../resources/broker-config.ts';
import { brokerSelectorLabels, brokerStatefulSetName } from '../resources/metadata.ts';
import { desiredNetworkPolicies } from '../resources/network-policy.ts';
import { desiredPodDisruptionBudget } from '../resources/pdb.ts';
import { desiredServiceMonitor, SERVICE_MONITOR_WORDING } from '../resources/service-monitor.ts';
import { desiredClientService, desiredHeadlessService } from '../resources/services.ts';
import { desiredBrokerStatefulSet } from '../resources/statefulset.ts';
import { brokerPod, nextBrokerAction, type BrokerAction } from '../rollout/broker-roller.ts';
import { computeClusterStatus, type ObservedClusterState } from '../status/cluster-status.ts';

export const StreamBusClusters: ResourceType = resourceType(API_VERSION, KIND, PLURAL);

/** Every kind of child a StreamBusCluster owns and the cache holds (the ServiceMonitor is optional and read directly). */
const CHILDREN = new ChildSet([ResourceTypes.ConfigMap, ResourceTypes.Service, ResourceTypes.StatefulSet, ResourceTypes.PodDisruptionBudget, ResourceTypes.NetworkPolicy]);

/** Pods of any StreamBus cluster: the cache holds only these, not every pod of the cluster. */
const BROKER_POD_SELECTOR = toLabelSelector({ 'app.kubernetes.io/managed-by': MANAGED_BY });

/** How often to look again while something only a poll can notice is pending (a missing Secret). */
const RECHECK_MS = 15_000;

export function streamBusClusterController(manager: Manager) {
  manager.metrics.exportConditions(KIND, () => manager.cache.list<StreamBusCluster>(StreamBusClusters));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(StreamBusClusters, specOrMetadataChanged).named('streambuscluster'))
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
 * already right), roll at most one broker, and write status when it changed. Decisions and status
 * after the apply use the objects the apply returned, never a cache entry that may predate it.
 */
export async function reconcileStreamBusCluster(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  const raw = manager.cache.get<StreamBusCluster>(StreamBusClusters, request.name, request.namespace);
  if (!raw || raw.metadata?.deletionTimestamp) return {};
  const now = new Date();

  // The schema and CEL rules reject bad input at admission; this catches objects stored before
  // a stricter CRD was installed, so they get a clear status instead of a crash loop.
  const validated = validateStreamBusCluster(raw);
  if (!validated.ok) {
    const message = validated.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    manager.events.event(raw, 'Warning', 'InvalidSpec', message);
    await writeStatus(manager, raw, computeClusterStatus(withDefaultsUnsafe(raw), { missingSecrets: [], rollout: { action: 'done' }, specError: message }, now), context.signal);
    return {};
  }
  const cluster = validated.value;
  const { paused } = pauseState(cluster, PAUSE_RECONCILIATION_ANNOTATION);
  const pods = brokerPods(manager, cluster);
  // While paused nothing is checked or applied: the status describes what runs.
  const observed = paused
    ? { statefulSet: cachedStatefulSet(manager, cluster), missingSecrets: [], rollout: { action: 'done' as const } }
    : await realise(manager, cluster, pods, context);
  const events = await podCreationFailures(manager.client, observed.statefulSet, { signal: context.signal });
  const status = computeClusterStatus(cluster, { ...observed, pods, events }, now);
  await writeStatus(manager, raw, status, context.signal);
  const recheck = [
    observed.missingSecrets.length ? RECHECK_MS : undefined,
    // No watch tells us when prometheus-operator gets installed, nor that a deadline passed.
    observed.serviceMonitorRecheckMs,
    checkProgress(status.progress, status.progress?.step, now, cluster.spec.progressDeadlineSeconds).recheckAfterMs,
  ].filter((ms): ms is number => ms !== undefined);
  return recheck.length ? { requeueAfterMs: Math.min(...recheck) } : {};
}

type Realised = Omit<ObservedClusterState, 'pods' | 'events'> & { serviceMonitorRecheckMs?: number };

/** Checks the Secrets the spec names, then applies every child and rolls at most one broker. */
async function realise(manager: Manager, cluster: DefaultedStreamBusCluster, pods: V1Pod[], context: ReconcileContext): Promise<Realised> {
  const missingSecrets = await findMissingSecrets(manager, cluster, context.signal);
  if (missingSecrets.length) {
    manager.events.event(cluster, 'Warning', 'SecretNotFound', `waiting for Secret(s) ${missingSecrets.join(', ')} in namespace ${cluster.metadata.namespace}`);
    return { statefulSet: cachedStatefulSet(manager, cluster), missingSecrets, rollout: { action: 'done' } };
  }
  const configMap = desiredBrokerConfigMap(cluster);
  const pdb = desiredPodDisruptionBudget(cluster);
  let applied;
  try {
    applied = await CHILDREN.reconcile(manager, cluster, [
      desiredChild(ResourceTypes.ConfigMap, configMap),
      desiredChild(ResourceTypes.Service, desiredHeadlessService(cluster)),
      desiredChild(ResourceTypes.Service, desiredClientService(cluster)),
      desiredChild(ResourceTypes.StatefulSet, desiredBrokerStatefulSet(cluster, { configHash: brokerConfigHash(configMap) })),
      ...(pdb ? [desiredChild(ResourceTypes.PodDisruptionBudget, pdb)] : []),
      ...desiredNetworkPolicies(cluster).map((policy) => desiredChild(ResourceTypes.NetworkPolicy, policy)),
    ], { signal: context.signal });
  } catch (err) {
    // 422: the API server refused a child the spec implies (a value no schema rule caught).
    // Retrying cannot help; the status says why until the spec changes.
    if (!isInvalid(err)) throw err;
    const specError = `the API server rejected a child object: ${(err as Error).message}`;
    manager.events.event(cluster, 'Warning', 'ApplyRejected', specError);
    return { statefulSet: cachedStatefulSet(manager, cluster), missingSecrets, rollout: { action: 'done' }, specError };
  }
  const statefulSet = applied.get<V1StatefulSet>(ResourceTypes.StatefulSet, brokerStatefulSetName(cluster))!;
  const monitor = await reconcileOptionalChild(manager, cluster, ResourceTypes.ServiceMonitor, desiredServiceMonitor(cluster), { ...SERVICE_MONITOR_WORDING, signal: context.signal });
  const rollout = await rollBrokers(manager, cluster, statefulSet, pods, context);
  return {
    statefulSet,
    missingSecrets,
    rollout,
    ...(monitor.state === 'not-requested' ? {} : { serviceMonitor: monitor.condition }),
    ...(monitor.state === 'not-served' ? { serviceMonitorRecheckMs: monitor.recheckAfterMs } : {}),
  };
}

async function findMissingSecrets(manager: Manager, cluster: DefaultedStreamBusCluster, signal: AbortSignal): Promise<string[]> {
  const tls = cluster.spec.security?.tls;
  if (!tls?.enabled) return [];
  const names = [tls.certSecretName, tls.caSecretName].filter((n): n is string => Boolean(n));
  const missing: string[] = [];
  // A direct read, not a cache: the operator has no business holding every Secret's data in memory.
  for (const name of names) {
    if (!(await manager.client.tryGet(ResourceTypes.Secret, name, cluster.metadata.namespace, { signal }))) missing.push(name);
  }
  return missing;
}

/** The StatefulSet as cached, where nothing was applied in this pass (paused, or stopped before the apply). */
function cachedStatefulSet(manager: Manager, cluster: DefaultedStreamBusCluster): V1StatefulSet | undefined {
  return manager.cache.get<V1StatefulSet>(ResourceTypes.StatefulSet, brokerStatefulSetName(cluster), cluster.metadata.namespace);
}

function brokerPods(manager: Manager, cluster: DefaultedStreamBusCluster): V1Pod[] {
  const selector = brokerSelectorLabels(cluster);
  return manager.cache
    .informerFor<V1Pod>(ResourceTypes.Pod, { labelSelector: BROKER_POD_SELECTOR })
    .list(cluster.metadata.namespace)
    .filter((pod) => Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v));
}

/**
 * Rolls brokers one at a time (the StatefulSet uses OnDelete): the decision is the pure
 * nextBrokerAction; this only gathers the pods and deletes the one it names. `statefulSet` is the
 * one the apply returned: until its controller has observed the new generation, its
 * updateRevision is the old one, and nothing is rolled.
 */
async function rollBrokers(manager: Manager, cluster: DefaultedStreamBusCluster, sts: V1StatefulSet, pods: V1Pod[], { logger, signal }: ReconcileContext): Promise<BrokerAction> {
  const revisionKnown = (sts.status?.observedGeneration ?? 0) >= (sts.metadata?.generation ?? 0);
  const decision = nextBrokerAction({ desiredRevision: revisionKnown ? sts.status?.updateRevision : undefined, pods: pods.map(brokerPod), replicas: cluster.spec.replicas });
  if (decision.action === 'roll') {
    const uid = pods.find((pod) => pod.metadata?.name === decision.pod)?.metadata?.uid;
    logger.info('rolling broker', { pod: decision.pod, reason: decision.reason });
    await manager.client.tryDelete(ResourceTypes.Pod, decision.pod, cluster.metadata.namespace, { signal, ...(uid ? { preconditions: { uid } } : {}) });
    manager.events.event(cluster, 'Normal', 'RollingBroker', decision.message);
  } else if (decision.action === 'wait' && decision.reason === 'BrokersNotReady') {
    manager.events.event(cluster, 'Normal', 'RolloutWaiting', decision.message);
  }
  return decision;
}

async function writeStatus(manager: Manager, raw: StreamBusCluster, status: ReturnType<typeof computeClusterStatus>, signal: AbortSignal): Promise<void> {
  await updateStatusIfChanged(manager.client, StreamBusClusters, raw, { ...status }, manager.name, { signal });
}

/** Defaults for an object that failed validation: enough to name its children in status. */
function withDefaultsUnsafe(raw: StreamBusCluster): DefaultedStreamBusCluster {
  return { ...raw, spec: { replicas: 0, ...(raw.spec ?? {}) } } as DefaultedStreamBusCluster;
}
