// The PrismPattern reconciler, in kubebuilder's order: read the pattern from the cache, validate,
// pause, gather facts (its backends from the cache, their Secrets' versions by direct GET, whether
// the cluster serves KEDA), apply the children as one child set, then the KEDA objects where KEDA
// is installed, and write status computed from the objects the apply returned.
//
// Two autoscalers must never act on one Deployment: the other scaler's object is removed before
// the wanted one is applied (planScalers), and the operator writes back the live replicas of an
// autoscaled Deployment, so it never undoes a scaling decision.
import type { V1Deployment, V1Pod, V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  isControlledBy,
  isInvalid,
  pauseState,
  reconcileOptionalChild,
  ResourceTypes,
  specOrMetadataChanged,
  toLabelSelector,
  updateStatusIfChanged,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
} from '@operators/k8s-common';
import type { DefaultedPrismBackend, DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import { patternWithDefaults } from '../api/v1alpha1/defaults.ts';
import { PAUSE_RECONCILIATION_ANNOTATION } from '../api/v1alpha1/group.ts';
import { PATTERN_KIND, type PrismPattern } from '../api/v1alpha1/prismpattern.ts';
import type { PrismBackend } from '../api/v1alpha1/prismbackend.ts';
import { validatePrismBackend, validatePrismPattern } from '../api/v1alpha1/validation.ts';
import type { PatternBackend } from '../resources/backend-connection.ts';
import { requiredSecretKeys } from '../resources/backend-secrets.ts';
import { desiredPatternHpa } from '../resources/hpa.ts';
import type { BackendsByName } from '../resources/keda-triggers.ts';
import { ScaledObjectType, TriggerAuthenticationType } from '../resources/keda-types.ts';
import { componentSelector, nameOf, PATTERN_COMPONENT } from '../resources/metadata.ts';
import { desiredPatternConfigMap } from '../resources/pattern-config.ts';
import { desiredPatternDeployment, patternSelector } from '../resources/pattern-deployment.ts';
import { patternDeploymentName, patternHpaName, patternScaledObjectName } from '../resources/pattern-names.ts';
import { desiredPatternService } from '../resources/pattern-service.ts';
import { desiredScaledObject } from '../resources/scaled-object.ts';
import { desiredTriggerAuthentications } from '../resources/trigger-authentication.ts';
import { planScalers, type ScalerPlan } from '../scaling/scaler-plan.ts';
import { deploymentReadiness, replicaCounts } from '../status/deployment-readiness.ts';
import { referencedBackendNames, resolvePatternBackend, triggerBackendProblems } from '../status/pattern-backend.ts';
import { computePatternStatus, notReadyBackend, type ObservedPatternState } from '../status/pattern-status.ts';
import { reconcileOptionalChildren } from '../support/optional-children.ts';
import { PrismBackends, PrismPatterns } from './resource-types.ts';
import { CRD_RECHECK_MS, podsMatching, PRISM_POD_SELECTOR, reportInvalidSpec } from './shared.ts';

/** The children the cache holds; KEDA's kinds are optional and read directly (reconcileOptionalChild). */
const CHILDREN = new ChildSet([ResourceTypes.ConfigMap, ResourceTypes.Service, ResourceTypes.Deployment, ResourceTypes.HorizontalPodAutoscaler]);


const KEDA_WORDING = { requestedBy: 'spec.autoscaling.scaler is keda', whenMissing: 'install KEDA, or use scaler hpa' };

export function prismPatternController(manager: Manager) {
  // prism_operator_resource_condition: alerts see a PrismPattern that is not Ready, whatever its children.
  manager.metrics.exportConditions(PATTERN_KIND, () => manager.cache.list<PrismPattern>(PrismPatterns));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(PrismPatterns, specOrMetadataChanged).named('prismpattern'))
    .watches<V1Pod>(ResourceTypes.Pod, podToPattern, [], { labelSelector: PRISM_POD_SELECTOR })
    .watches<PrismBackend>(PrismBackends, (backend) => patternsUsing(manager, backend))
    .complete((request, context) => reconcilePrismPattern(manager, request, context));
}

function podToPattern(pod: V1Pod): Request[] {
  const instance = pod.metadata?.labels?.['app.kubernetes.io/instance'];
  const namespace = pod.metadata?.namespace;
  return instance && namespace && pod.metadata?.labels?.['app.kubernetes.io/component'] === PATTERN_COMPONENT ? [{ namespace, name: instance }] : [];
}

/** A backend's change (its Ready condition, its endpoints) changes the patterns that use it. */
function patternsUsing(manager: Manager, backend: PrismBackend): Request[] {
  const namespace = backend.metadata?.namespace;
  return manager.cache
    .list<PrismPattern>(PrismPatterns, namespace)
    .filter((pattern) => referencedBackendNames(patternWithDefaults(pattern)).includes(backend.metadata?.name ?? ''))
    .map((pattern) => ({ namespace: namespace!, name: pattern.metadata?.name ?? '' }));
}

export async function reconcilePrismPattern(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  const raw = manager.cache.get<PrismPattern>(PrismPatterns, request.name, request.namespace);
  if (!raw || raw.metadata?.deletionTimestamp) return {};
  const now = new Date();

  const validated = validatePrismPattern(raw);
  if (!validated.ok) {
    const specError = reportInvalidSpec(manager, raw, validated.errors);
    const pattern = patternWithDefaults(raw);
    const observed: ObservedPatternState = { backend: resolvePatternBackend(pattern, new Map()), triggerProblems: [], scalers: planScalers(pattern, { kedaServed: false }), paused: false, specError };
    await writeStatus(manager, raw, computePatternStatus(pattern, observed, now), context.signal);
    return {};
  }
  const pattern = validated.value;
  const paused = pauseState(pattern, PAUSE_RECONCILIATION_ANNOTATION).paused;
  const backends = namespaceBackends(manager, pattern);
  const backend = resolvePatternBackend(pattern, backends);
  const kedaServed = (await manager.discovery.serves(ScaledObjectType)) && (await manager.discovery.serves(TriggerAuthenticationType));
  const scalers = planScalers(pattern, { kedaServed });
  const triggerProblems = backend.ok && scalers.wanted === 'keda' ? triggerBackendProblems(pattern, backend.backend, backends) : [];
  const gathered = { backend, triggerProblems, scalers, paused };

  // While paused nothing is applied or removed: the status describes what runs.
  const realised = paused ? { deployment: cachedDeployment(manager, pattern) } : await realise(manager, pattern, gathered, backends, context);
  const pods = podsMatching(manager, pattern.metadata.namespace, patternSelector(pattern));
  const deployment = realised.deployment ? { counts: replicaCounts(realised.deployment), readiness: deploymentReadiness(realised.deployment, pods) } : undefined;
  const status = computePatternStatus(pattern, { ...gathered, ...(deployment ? { deployment } : {}), ...(realised.specError ? { specError: realised.specError } : {}) }, now);
  await writeStatus(manager, raw, status, context.signal);
  return scalers.blocked && !paused ? { requeueAfterMs: CRD_RECHECK_MS } : {};
}

interface Gathered {
  backend: ObservedPatternState['backend'];
  triggerProblems: readonly string[];
  scalers: ScalerPlan;
}

interface Realised {
  deployment?: V1Deployment;
  specError?: string;
}

async function realise(manager: Manager, pattern: DefaultedPrismPattern, gathered: Gathered, backends: BackendsByName, context: ReconcileContext): Promise<Realised> {
  const { backend, triggerProblems, scalers } = gathered;
  // The other scaler's object goes first, whatever else happens: two autoscalers must never meet.
  if (scalers.remove.includes('keda')) await removeKedaObjects(manager, pattern, context.signal);
  const usable = backend.ok && notReadyBackend(backend) === undefined && !(scalers.wanted === 'keda' && triggerProblems.length > 0) && !scalers.blocked;
  if (!backend.ok || !usable) {
    // Nothing is made that could not work (no half-made pattern): a missing backend, a trigger
    // that cannot be built, or KEDA not installed. What exists keeps running.
    if (scalers.remove.includes('hpa')) await removeOwnHpa(manager, pattern, context.signal);
    return { deployment: cachedDeployment(manager, pattern) };
  }
  try {
    const deployment = await applyChildren(manager, pattern, backend.backend, scalers, context.signal);
    if (scalers.apply === 'keda') await applyKedaObjects(manager, pattern, backend.backend, backends, context.signal);
    return { deployment };
  } catch (err) {
    // 422: the API server refused a child the spec implies. Retrying cannot help; status says why.
    if (!isInvalid(err)) throw err;
    const specError = `the API server rejected a child object: ${(err as Error).message}`;
    manager.events.event(pattern, 'Warning', 'ApplyRejected', specError);
    return { deployment: cachedDeployment(manager, pattern), specError };
  }
}

/** The ConfigMap, Service, Deployment and (scaler hpa) the HPA; an HPA no longer wanted is pruned by the set. */
async function applyChildren(manager: Manager, pattern: DefaultedPrismPattern, backend: PatternBackend, scalers: ScalerPlan, signal: AbortSignal): Promise<V1Deployment> {
  const configMap = desiredPatternConfigMap(pattern);
  const live = cachedDeployment(manager, pattern);
  const credentialsVersion = await secretVersions(manager, backend, signal);
  const applied = await CHILDREN.reconcile(manager, pattern, [
    ...(configMap ? [desiredChild(ResourceTypes.ConfigMap, configMap)] : []),
    desiredChild(ResourceTypes.Service, desiredPatternService(pattern)),
    desiredChild(ResourceTypes.Deployment, desiredPatternDeployment(pattern, { backend, ...(live?.spec?.replicas !== undefined ? { liveReplicas: live.spec.replicas } : {}), ...(credentialsVersion ? { credentialsVersion } : {}) })),
    ...(scalers.apply === 'hpa' ? [desiredChild(ResourceTypes.HorizontalPodAutoscaler, desiredPatternHpa(pattern))] : []),
  ], { signal });
  return applied.get<V1Deployment>(ResourceTypes.Deployment, patternDeploymentName(pattern))!;
}

/** TriggerAuthentications before the ScaledObject that names them, so KEDA never sees a dangling reference. */
async function applyKedaObjects(manager: Manager, pattern: DefaultedPrismPattern, backend: PatternBackend, backends: BackendsByName, signal: AbortSignal): Promise<void> {
  await reconcileOptionalChildren(manager, pattern, TriggerAuthenticationType, desiredTriggerAuthentications(pattern, backend, backends), {
    ...KEDA_WORDING,
    labelSelector: toLabelSelector(componentSelector(nameOf(pattern), PATTERN_COMPONENT)),
    signal,
  });
  await reconcileOptionalChild(manager, pattern, ScaledObjectType, desiredScaledObject(pattern, backend, backends), { ...KEDA_WORDING, purpose: 'scales the runners', signal });
}

async function removeKedaObjects(manager: Manager, pattern: DefaultedPrismPattern, signal: AbortSignal): Promise<void> {
  await reconcileOptionalChild(manager, pattern, ScaledObjectType, undefined, { name: patternScaledObjectName(pattern), signal });
  await reconcileOptionalChildren(manager, pattern, TriggerAuthenticationType, [], { labelSelector: toLabelSelector(componentSelector(nameOf(pattern), PATTERN_COMPONENT)), signal });
}

async function removeOwnHpa(manager: Manager, pattern: DefaultedPrismPattern, signal: AbortSignal): Promise<void> {
  const name = patternHpaName(pattern);
  const hpa = manager.cache.get<V2HorizontalPodAutoscaler>(ResourceTypes.HorizontalPodAutoscaler, name, pattern.metadata.namespace);
  if (!hpa || !isControlledBy(hpa, pattern) || hpa.metadata?.deletionTimestamp) return;
  await manager.client.tryDelete(ResourceTypes.HorizontalPodAutoscaler, name, pattern.metadata.namespace, { signal, ...(hpa.metadata?.uid ? { preconditions: { uid: hpa.metadata.uid } } : {}) });
  manager.applier.forget(ResourceTypes.HorizontalPodAutoscaler, pattern.metadata.namespace, name);
  manager.events.event(pattern, 'Normal', 'Deleted', `Deleted HorizontalPodAutoscaler ${name}: the pattern's scaler cannot be applied`);
}

/**
 * The resourceVersions of the backend's Secrets, read directly (never cached, never logged: only
 * the name and the version are kept), so rotated credentials roll the runners.
 */
async function secretVersions(manager: Manager, backend: PatternBackend, signal: AbortSignal): Promise<string | undefined> {
  if (backend.kind !== 'resource') return undefined;
  const versions: string[] = [];
  for (const name of [...requiredSecretKeys(backend.backend.spec).keys()].sort()) {
    const secret = await manager.client.tryGet(ResourceTypes.Secret, name, backend.backend.metadata.namespace, { signal });
    versions.push(`${name}=${secret?.metadata?.resourceVersion ?? 'missing'}`);
  }
  return versions.length ? versions.join(',') : undefined;
}

function namespaceBackends(manager: Manager, pattern: DefaultedPrismPattern): Map<string, DefaultedPrismBackend> {
  const backends = new Map<string, DefaultedPrismBackend>();
  for (const raw of manager.cache.list<PrismBackend>(PrismBackends, pattern.metadata.namespace)) {
    const validated = validatePrismBackend(raw);
    if (validated.ok) backends.set(nameOf(validated.value), validated.value);
  }
  return backends;
}

function cachedDeployment(manager: Manager, pattern: DefaultedPrismPattern): V1Deployment | undefined {
  return manager.cache.get<V1Deployment>(ResourceTypes.Deployment, patternDeploymentName(pattern), pattern.metadata.namespace);
}

async function writeStatus(manager: Manager, raw: PrismPattern, status: ReturnType<typeof computePatternStatus>, signal: AbortSignal): Promise<void> {
  await updateStatusIfChanged(manager.client, PrismPatterns, raw, { ...status }, manager.name, { signal });
}
