// The TickStorm reconciler, in kubebuilder's order: read the resource from the cache, validate,
// pause, gather facts (the Secrets it names, by direct GETs), build the desired children (pure
// builders), apply them as one child set (no write when a child is already right; children no
// longer desired are deleted), the optional integrations where their CRDs are served, then write
// status computed from the objects the apply returned, never from a cache entry that may predate it.
import { randomBytes } from 'node:crypto';
import type { V1Deployment, V1Pod, V1Secret, V1Service } from '@kubernetes/client-node';
import {
  ChildSet,
  controllerFor,
  desiredChild,
  findCondition,
  isAlreadyExists,
  isInvalid,
  pauseState,
  podCreationFailures,
  reconcileOptionalChild,
  setConditions,
  resourceType,
  ResourceTypes,
  specOrMetadataChanged,
  toLabelSelector,
  updateStatusIfChanged,
  workloadReadiness,
  type DesiredChild,
  type Manager,
  type OptionalChildOutcome,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
} from '@operators/k8s-common';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { API_VERSION, KIND, MANAGED_BY, PAUSE_RECONCILIATION_ANNOTATION, PLURAL, type TickStorm } from '../api/v1alpha1/tickstorm.ts';
import { validateTickStorm } from '../api/v1alpha1/validation.ts';
import { desiredGeneratedAuthSecret, generateAuthCredentials, generatedSecretOwnerChange, needsGeneratedAuthSecret } from '../resources/auth-secret.ts';
import { desiredAutoscaler } from '../resources/autoscaler.ts';
import { desiredCertificate, type Certificate } from '../resources/certificate.ts';
import { configHash, desiredConfigMap } from '../resources/config-map.ts';
import { desiredDeployment } from '../resources/deployment.ts';
import { desiredDisruptionBudget } from '../resources/disruption-budget.ts';
import { desiredLimitRange } from '../resources/limit-range.ts';
import { authSecretName, certificateName, clientServiceName, deploymentName, generatedAuthSecretName, serverSelectorLabels, serviceMonitorName, tlsSecretName } from '../resources/metadata.ts';
import { desiredNetworkPolicy } from '../resources/network-policy.ts';
import { desiredResourceQuota } from '../resources/resource-quota.ts';
import { desiredRoleBinding } from '../resources/role-binding.ts';
import { desiredRole } from '../resources/role.ts';
import { desiredServiceAccount } from '../resources/service-account.ts';
import { desiredServiceMonitor } from '../resources/service-monitor.ts';
import { desiredClientService, desiredHeadlessService } from '../resources/services.ts';
import { effectiveRuntimeStatus, runtimeSettings } from '../runtime/runtime-settings.ts';
import { deploymentReadiness } from '../status/deployment-readiness.ts';
import { resourcePressure } from '../status/resource-pressure.ts';
import { computeTickStormStatus, type IntegrationOutcome, type ObservedTickStorm } from '../status/tickstorm-status.ts';
import { handOverReplicas } from './replicas-handoff.ts';

export const TickStorms: ResourceType = resourceType(API_VERSION, KIND, PLURAL);
export const ResourceQuotas: ResourceType = resourceType('v1', 'ResourceQuota', 'resourcequotas');
export const LimitRanges: ResourceType = resourceType('v1', 'LimitRange', 'limitranges');
export const Certificates: ResourceType = resourceType('cert-manager.io/v1', 'Certificate', 'certificates');

/** Every kind of child a TickStorm owns and the cache holds (ServiceMonitor and Certificate are optional and read directly). */
const CHILDREN = new ChildSet([
  ResourceTypes.ServiceAccount,
  ResourceTypes.Role,
  ResourceTypes.RoleBinding,
  ResourceTypes.ConfigMap,
  ResourceTypes.Service,
  ResourceTypes.Deployment,
  ResourceTypes.HorizontalPodAutoscaler,
  ResourceTypes.PodDisruptionBudget,
  ResourceTypes.NetworkPolicy,
  ResourceQuotas,
  LimitRanges,
]);

/** Pods of any TickStorm: the cache holds only these, not every pod of the cluster. */
const POD_SELECTOR = toLabelSelector({ 'app.kubernetes.io/managed-by': MANAGED_BY });

/** How often to look again while something only a poll can notice is pending (a Secret the spec names). */
const RECHECK_MS = 15_000;

export interface TickStormControllerOptions {
  /** Minutes in which resource terminations are counted for ResourcePressure (default 10). */
  pressureWindowMinutes?: number;
}

export function tickStormController(manager: Manager, options: TickStormControllerOptions = {}) {
  // tickstorm_operator_resource_condition: alerts see a TickStorm that is not Ready, whatever its children.
  manager.metrics.exportConditions(KIND, () => manager.cache.list<TickStorm>(TickStorms));
  return CHILDREN.kinds
    .reduce((builder, kind) => builder.owns(kind), controllerFor(TickStorms, specOrMetadataChanged).named('tickstorm'))
    .watches<V1Pod>(ResourceTypes.Pod, podToOwner, [], { labelSelector: POD_SELECTOR })
    .complete((request, context) => reconcileTickStorm(manager, request, context, options));
}

function podToOwner(pod: V1Pod): Request[] {
  const instance = pod.metadata?.labels?.['app.kubernetes.io/instance'];
  const namespace = pod.metadata?.namespace;
  return instance && namespace ? [{ namespace, name: instance }] : [];
}

type Realised = Pick<ObservedTickStorm, 'missingSecrets' | 'serviceMonitor' | 'certificate' | 'certificateIssuance' | 'specError'> & {
  deployment?: V1Deployment;
  clientService?: V1Service;
  /** When to look again for what no watch reports (a Secret or a CRD appearing). */
  recheckAfterMs?: number;
};

export async function reconcileTickStorm(manager: Manager, request: Request, context: ReconcileContext, options: TickStormControllerOptions = {}): Promise<ReconcileResult> {
  const raw = manager.cache.get<TickStorm>(TickStorms, request.name, request.namespace);
  if (!raw || raw.metadata?.deletionTimestamp) return {};
  const now = new Date();

  // Admission rejects bad input; this catches objects stored before a stricter CRD was installed,
  // so they get a clear status instead of a crash loop.
  const validated = validateTickStorm(raw);
  if (!validated.ok) {
    const message = validated.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    manager.events.event(raw, 'Warning', 'InvalidSpec', message);
    await writeInvalidStatus(manager, raw, message, now, context.signal);
    return {};
  }
  const tickStorm = validated.value;
  const pause = pauseState(tickStorm, PAUSE_RECONCILIATION_ANNOTATION);
  // While paused nothing is checked or applied: the status describes what runs.
  const realised: Realised = pause.paused ? { ...cachedChildren(manager, tickStorm), missingSecrets: [], serviceMonitor: 'not-requested', certificate: 'not-requested' } : await realise(manager, tickStorm, context);

  const pods = ownPods(manager, tickStorm);
  const pressure = resourcePressure({ pods, recorded: raw.status?.resourceTerminations, spec: tickStorm.spec, now, ...(options.pressureWindowMinutes ? { windowMinutes: options.pressureWindowMinutes } : {}) });
  if (pressure.event) manager.events.event(tickStorm, 'Warning', pressure.event.reason, pressure.event.message);
  const { deployment } = realised;
  const events = await podCreationFailures(manager.client, deployment, { signal: context.signal });
  const observed: ObservedTickStorm = {
    ...(deployment ? { deployment: deploymentReadiness(deployment, workloadReadiness(deployment, { pods, events })) } : {}),
    replicas: deployment?.status?.replicas ?? 0,
    readyReplicas: deployment?.status?.readyReplicas ?? 0,
    ...(realised.clientService ? { clientService: realised.clientService } : {}),
    missingSecrets: realised.missingSecrets,
    serviceMonitor: realised.serviceMonitor,
    certificate: realised.certificate,
    ...(realised.certificateIssuance ? { certificateIssuance: realised.certificateIssuance } : {}),
    resourcePressure: pressure,
    effectiveRuntime: effectiveRuntimeStatus(runtimeSettings(tickStorm.spec)),
    paused: pause.paused,
    ...(realised.specError ? { specError: realised.specError } : {}),
  };
  // Paused: status and conditions name the generation last applied, so `kubectl wait` is not fooled.
  const described = pause.paused ? { ...tickStorm, metadata: { ...tickStorm.metadata, generation: pause.observedGeneration } } : tickStorm;
  const status = computeTickStormStatus(described, observed, now);
  await updateStatusIfChanged(manager.client, TickStorms, raw, { ...status }, manager.name, { signal: context.signal });
  const recheck = [realised.recheckAfterMs, pressure.recheckAfterMs].filter((ms): ms is number => ms !== undefined);
  return recheck.length ? { requeueAfterMs: Math.min(...recheck) } : {};
}

/** Checks the Secrets, applies every child, then the optional integrations. */
async function realise(manager: Manager, tickStorm: DefaultedTickStorm, context: ReconcileContext): Promise<Realised> {
  const { signal } = context;
  const missingSecrets = await ensureSecrets(manager, tickStorm, signal);
  if (missingSecrets.length) {
    manager.events.event(tickStorm, 'Warning', 'SecretNotFound', `waiting for Secret(s) ${missingSecrets.join(', ')} in namespace ${tickStorm.metadata.namespace}`);
    return { ...cachedChildren(manager, tickStorm), missingSecrets, serviceMonitor: 'not-requested', certificate: 'not-requested', recheckAfterMs: RECHECK_MS };
  }
  // The Certificate first: the pods mount the Secret cert-manager writes for it, so they wait for it.
  const certificate = await reconcileOptionalChild(manager, tickStorm, Certificates, desiredCertificate(tickStorm), {
    // Not the TickStorm's own name: without it, removing tls would look for the wrong object to delete.
    name: certificateName(tickStorm),
    requestedBy: 'spec.tls.certificate is set',
    whenMissing: 'install cert-manager, or name a Secret in tls.secretName',
    purpose: `issues the Secret ${tlsSecretName(tickStorm)} the pods mount`,
    // Unlike a ServiceMonitor, nothing is deployed without it: look again as often as for a Secret.
    recheckAfterMs: RECHECK_MS,
    signal,
  });
  const awaited = await awaitedCertificate(manager, tickStorm, certificate, signal);
  if (awaited) return { ...cachedChildren(manager, tickStorm), missingSecrets, serviceMonitor: 'not-requested', ...awaited, recheckAfterMs: RECHECK_MS };
  const configMap = desiredConfigMap(tickStorm);
  const deployment = desiredDeployment(tickStorm, { configHash: configHash(configMap) });
  const optional = <T>(type: ResourceType, object: T | undefined): DesiredChild[] => (object ? [desiredChild(type, object)] : []);
  let applied;
  try {
    await handOverReplicas(manager.client, manager.name, deployment, cachedChildren(manager, tickStorm).deployment, signal);
    applied = await CHILDREN.reconcile(manager, tickStorm, [
      ...optional(ResourceQuotas, desiredResourceQuota(tickStorm)),
      ...optional(LimitRanges, desiredLimitRange(tickStorm)),
      desiredChild(ResourceTypes.ServiceAccount, desiredServiceAccount(tickStorm)),
      desiredChild(ResourceTypes.Role, desiredRole(tickStorm)),
      desiredChild(ResourceTypes.RoleBinding, desiredRoleBinding(tickStorm)),
      desiredChild(ResourceTypes.ConfigMap, configMap),
      desiredChild(ResourceTypes.Service, desiredClientService(tickStorm)),
      desiredChild(ResourceTypes.Service, desiredHeadlessService(tickStorm)),
      desiredChild(ResourceTypes.Deployment, deployment),
      ...optional(ResourceTypes.HorizontalPodAutoscaler, desiredAutoscaler(tickStorm)),
      ...optional(ResourceTypes.PodDisruptionBudget, desiredDisruptionBudget(tickStorm)),
      ...optional(ResourceTypes.NetworkPolicy, desiredNetworkPolicy(tickStorm)),
    ], { signal });
  } catch (err) {
    // 422: the API server refused a child the spec implies. Retrying cannot help; status says why.
    if (!isInvalid(err)) throw err;
    const specError = `the API server rejected a child object: ${(err as Error).message}`;
    manager.events.event(tickStorm, 'Warning', 'ApplyRejected', specError);
    return { ...cachedChildren(manager, tickStorm), missingSecrets, serviceMonitor: 'not-requested', certificate: 'not-requested', specError };
  }
  const monitor = await reconcileOptionalChild(manager, tickStorm, ResourceTypes.ServiceMonitor, desiredServiceMonitor(tickStorm), {
    name: serviceMonitorName(tickStorm),
    requestedBy: 'spec.metrics.serviceMonitor.enabled is true',
    whenMissing: 'install the Prometheus Operator, or set metrics.serviceMonitor.enabled to false',
    purpose: 'scrapes the pods\' metrics port',
    signal,
  });
  const recheck = [monitor, certificate].flatMap((outcome) => (outcome.state === 'not-served' ? [outcome.recheckAfterMs] : []));
  return {
    deployment: applied.get<V1Deployment>(ResourceTypes.Deployment, deploymentName(tickStorm))!,
    clientService: applied.get<V1Service>(ResourceTypes.Service, clientServiceName(tickStorm))!,
    missingSecrets,
    serviceMonitor: integrationOutcome(monitor),
    certificate: integrationOutcome(certificate),
    ...certificateIssuance(certificate),
    ...(recheck.length ? { recheckAfterMs: Math.min(...recheck) } : {}),
  };
}

/**
 * While the Secret of the Certificate does not exist (cert-manager not installed, or not done yet),
 * what to report instead of applying pods that would wait for a volume nobody writes. Undefined
 * when there is no Certificate, or its Secret exists. A direct read: Secrets are not cached.
 */
async function awaitedCertificate(manager: Manager, tickStorm: DefaultedTickStorm, outcome: OptionalChildOutcome<Certificate>, signal: AbortSignal): Promise<Pick<Realised, 'certificate' | 'certificateIssuance'> | undefined> {
  if (outcome.state === 'not-requested') return undefined;
  if (await manager.client.tryGet(ResourceTypes.Secret, tlsSecretName(tickStorm)!, tickStorm.metadata.namespace, { signal })) return undefined;
  if (outcome.state === 'not-served') return { certificate: 'skipped-no-crd' };
  return { certificate: 'awaiting-secret', ...certificateIssuance(outcome) };
}

/** cert-manager's Ready condition of the Certificate just applied (from the object the API server returned). */
function certificateIssuance(outcome: OptionalChildOutcome<Certificate>): Pick<Realised, 'certificateIssuance'> {
  const ready = outcome.state === 'applied' ? findCondition(outcome.object.status?.conditions, 'Ready') : undefined;
  return ready ? { certificateIssuance: { status: ready.status, reason: ready.reason, message: ready.message } } : {};
}

function integrationOutcome(outcome: OptionalChildOutcome): IntegrationOutcome {
  return outcome.state === 'applied' ? 'applied' : outcome.state === 'not-served' ? 'skipped-no-crd' : 'not-requested';
}

/**
 * Creates the generated auth Secret when the spec names none and it does not exist yet (never
 * updated: a new password would lock every client out; never logged), and returns the Secrets the
 * spec names that do not exist. Direct reads: the operator does not cache Secrets.
 */
async function ensureSecrets(manager: Manager, tickStorm: DefaultedTickStorm, signal: AbortSignal): Promise<string[]> {
  const { namespace } = tickStorm.metadata;
  const generated = needsGeneratedAuthSecret(tickStorm) ? await manager.client.tryGet<V1Secret>(ResourceTypes.Secret, generatedAuthSecretName(tickStorm), namespace, { signal }) : undefined;
  const ownerChange = generated && generatedSecretOwnerChange(tickStorm, generated);
  if (ownerChange) {
    // auth.deleteGeneratedSecretOnDelete was switched: only the owner reference changes, never the data.
    await manager.client.patch(ResourceTypes.Secret, generatedAuthSecretName(tickStorm), namespace, { metadata: { ownerReferences: ownerChange.ownerReferences, resourceVersion: generated.metadata?.resourceVersion } }, 'merge', undefined, { signal });
  }
  if (needsGeneratedAuthSecret(tickStorm) && !generated) {
    try {
      await manager.client.create(ResourceTypes.Secret, desiredGeneratedAuthSecret(tickStorm, generateAuthCredentials(tickStorm, randomBytes)), namespace, { signal });
      manager.events.event(tickStorm, 'Normal', 'SecretGenerated', `Generated Secret ${generatedAuthSecretName(tickStorm)} with the credentials of user ${tickStorm.spec.auth.username}`);
    } catch (err) {
      // Created meanwhile (another pass, or by hand): it is kept as it is.
      if (!isAlreadyExists(err)) throw err;
    }
  }
  const named = [needsGeneratedAuthSecret(tickStorm) ? undefined : authSecretName(tickStorm), tickStorm.spec.tls?.secretName, tickStorm.spec.tls?.clientCASecretName];
  const missing: string[] = [];
  for (const name of new Set(named.filter((n): n is string => n !== undefined))) {
    if (!(await manager.client.tryGet(ResourceTypes.Secret, name, namespace, { signal }))) missing.push(name);
  }
  return missing;
}

/** The Deployment and client Service as cached, where nothing was applied in this pass (paused, or stopped before the apply). */
function cachedChildren(manager: Manager, tickStorm: DefaultedTickStorm): Pick<Realised, 'deployment' | 'clientService'> {
  const { namespace } = tickStorm.metadata;
  const deployment = manager.cache.get<V1Deployment>(ResourceTypes.Deployment, deploymentName(tickStorm), namespace);
  const clientService = manager.cache.get<V1Service>(ResourceTypes.Service, clientServiceName(tickStorm), namespace);
  return { ...(deployment ? { deployment } : {}), ...(clientService ? { clientService } : {}) };
}

function ownPods(manager: Manager, tickStorm: DefaultedTickStorm): V1Pod[] {
  const selector = serverSelectorLabels(tickStorm);
  return manager.cache
    .informerFor<V1Pod>(ResourceTypes.Pod, { labelSelector: POD_SELECTOR })
    .list(tickStorm.metadata.namespace)
    .filter((pod) => Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v));
}

/** Status of an object that failed validation: only the conditions, which say why. */
async function writeInvalidStatus(manager: Manager, raw: TickStorm, message: string, now: Date, signal: AbortSignal): Promise<void> {
  const generation = raw.metadata?.generation;
  const stamp = generation !== undefined ? { observedGeneration: generation } : {};
  const conditions = setConditions(raw.status?.conditions, [
    { type: 'Ready', status: 'False', reason: 'InvalidSpec', message, ...stamp },
    { type: 'Progressing', status: 'False', reason: 'InvalidSpec', message, ...stamp },
    { type: 'Degraded', status: 'True', reason: 'InvalidSpec', message, ...stamp },
  ], now);
  await updateStatusIfChanged(manager.client, TickStorms, raw, { ...raw.status, conditions, ...stamp }, manager.name, { signal });
}
