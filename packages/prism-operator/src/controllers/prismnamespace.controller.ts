// The PrismNamespace reconciler (cluster-scoped, run only with `--set tenantNamespaces=true`: it
// needs the cluster-wide rules of src/rbac.ts' tenancyRules). It provisions the tenant Namespace
// (no owner reference: the garbage collector would delete it, and the tenant's data, with the
// PrismNamespace) and in it the quota, limits, network policies and role bindings (owned by the
// PrismNamespace). A finalizer holds the deletion until decideNamespaceDeletion says what happens
// to the Namespace: refused while it holds workloads (DeleteIfEmpty), deleted, or released (Retain).
//
// The tenant Namespace is outside the namespaces the cache watches, so its children are read with
// direct GETs and applied with the Applier (whose desired-hash keeps the steady state write-free).
import type { V1Namespace, V1Pod } from '@kubernetes/client-node';
import {
  controllerFor,
  isControlledBy,
  pauseState,
  recordApplyEvent,
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
import { namespaceWithDefaults, type DefaultedPrismNamespace } from '../api/v1alpha1/defaults.ts';
import { NAMESPACE_OWNER_LABEL, PAUSE_RECONCILIATION_ANNOTATION } from '../api/v1alpha1/group.ts';
import { NAMESPACE_KIND, type PrismNamespace } from '../api/v1alpha1/prismnamespace.ts';
import { validatePrismNamespace } from '../api/v1alpha1/validation.ts';
import { componentSelector, nameOf, TENANCY_COMPONENT } from '../resources/metadata.ts';
import { desiredTenantNamespace, tenantNamespaceName } from '../resources/tenant-namespace.ts';
import { desiredTenantNetworkPolicies } from '../resources/tenant-network-policies.ts';
import { desiredLimitRange, desiredResourceQuota } from '../resources/tenant-quota.ts';
import { desiredTenantRoleBindings } from '../resources/tenant-role-bindings.ts';
import { decideNamespaceDeletion, NAMESPACE_FINALIZER, type DeletionStep, type WorkloadKind } from '../status/namespace-deletion.ts';
import { computeNamespaceStatus, type ObservedNamespaceState } from '../status/namespace-status.ts';
import { LimitRanges, PrismNamespaces, PrismPatterns, PrismStacks, ResourceQuotas } from './resource-types.ts';
import { reportInvalidSpec } from './shared.ts';

/** The kinds of the children inside the tenant Namespace, in the order they are applied. */
const CHILD_KINDS: readonly ResourceType[] = [ResourceQuotas, LimitRanges, ResourceTypes.NetworkPolicy, ResourceTypes.RoleBinding];

const WORKLOAD_TYPES: Readonly<Record<WorkloadKind, ResourceType>> = {
  Pod: ResourceTypes.Pod,
  Deployment: ResourceTypes.Deployment,
  StatefulSet: ResourceTypes.StatefulSet,
  DaemonSet: ResourceTypes.DaemonSet,
  Job: ResourceTypes.Job,
  CronJob: ResourceTypes.CronJob,
  PrismStack: PrismStacks,
  PrismPattern: PrismPatterns,
};

/** While a deletion waits (workloads remain, the Namespace terminates): nothing watched says when that changes. */
const DELETION_RECHECK_MS = 5_000;

export function prismNamespaceController(manager: Manager) {
  manager.metrics.exportConditions(NAMESPACE_KIND, () => manager.cache.list<PrismNamespace>(PrismNamespaces));
  return controllerFor(PrismNamespaces, specOrMetadataChanged)
    .named('prismnamespace')
    .watches<V1Namespace>(ResourceTypes.Namespace, namespaceToTenant, [], { labelSelector: NAMESPACE_OWNER_LABEL })
    .complete((request, context) => reconcilePrismNamespace(manager, request, context));
}

function namespaceToTenant(namespace: V1Namespace): Request[] {
  const tenant = namespace.metadata?.labels?.[NAMESPACE_OWNER_LABEL];
  return tenant ? [{ name: tenant }] : [];
}

export async function reconcilePrismNamespace(manager: Manager, request: Request, context: ReconcileContext): Promise<ReconcileResult> {
  const raw = manager.cache.get<PrismNamespace>(PrismNamespaces, request.name);
  if (!raw) return {};
  const { signal } = context;
  const now = new Date();
  const validated = validatePrismNamespace(raw);
  const tenant = validated.ok ? validated.value : namespaceWithDefaults(raw);
  const live = await manager.client.tryGet<V1Namespace>(ResourceTypes.Namespace, tenantNamespaceName(tenant), undefined, { signal });
  const namespace = live ? { ...(live.status?.phase ? { phase: live.status.phase } : {}), managed: live.metadata?.labels?.[NAMESPACE_OWNER_LABEL] === nameOf(tenant) } : undefined;

  if (raw.metadata?.deletionTimestamp) {
    if (!raw.metadata.finalizers?.includes(NAMESPACE_FINALIZER)) return {};
    const workloads = namespace?.managed && tenant.spec.deletionPolicy === 'DeleteIfEmpty' ? await countWorkloads(manager, tenantNamespaceName(tenant), signal) : {};
    const step = decideNamespaceDeletion(tenant, { ...(namespace ? { namespace } : {}), workloads });
    const done = await carryOut(manager, tenant, step, signal);
    if (done) return {};
    await writeStatus(manager, raw, computeNamespaceStatus(tenant, { ...(namespace ? { namespace } : {}), deletion: step, paused: false }, now), signal);
    return { requeueAfterMs: DELETION_RECHECK_MS };
  }

  if (!raw.metadata?.finalizers?.includes(NAMESPACE_FINALIZER)) {
    await manager.client.patch(PrismNamespaces, nameOf(raw), undefined, { metadata: { resourceVersion: raw.metadata?.resourceVersion, finalizers: [...(raw.metadata?.finalizers ?? []), NAMESPACE_FINALIZER] } }, 'merge', undefined, { signal });
  }
  const base: ObservedNamespaceState = { ...(namespace ? { namespace } : {}), paused: pauseState(tenant, PAUSE_RECONCILIATION_ANNOTATION).paused };
  if (!validated.ok) {
    await writeStatus(manager, raw, computeNamespaceStatus(tenant, { ...base, specError: reportInvalidSpec(manager, raw, validated.errors) }, now), signal);
    return {};
  }
  // Never take over a Namespace this PrismNamespace did not create; and nothing changes while paused.
  if ((namespace && !namespace.managed) || base.paused) {
    await writeStatus(manager, raw, computeNamespaceStatus(tenant, base, now), signal);
    return {};
  }
  const applied = await provision(manager, tenant, live, signal);
  const observed = { phase: applied.status?.phase ?? 'Active', managed: true };
  await writeStatus(manager, raw, computeNamespaceStatus(tenant, { ...base, namespace: observed }, now), signal);
  return {};
}

/** The Namespace, then its children; a child no longer desired (its spec field removed) is deleted. */
async function provision(manager: Manager, tenant: DefaultedPrismNamespace, live: V1Namespace | undefined, signal: AbortSignal): Promise<V1Namespace> {
  const namespace = await apply(manager, tenant, ResourceTypes.Namespace, desiredTenantNamespace(tenant), live, signal);
  const inNamespace = tenantNamespaceName(tenant);
  const desired: [ResourceType, KubeObject][] = [
    ...[desiredResourceQuota(tenant)].flatMap((quota) => (quota ? [[ResourceQuotas, quota] as [ResourceType, KubeObject]] : [])),
    ...[desiredLimitRange(tenant)].flatMap((limits) => (limits ? [[LimitRanges, limits] as [ResourceType, KubeObject]] : [])),
    ...desiredTenantNetworkPolicies(tenant).map((policy) => [ResourceTypes.NetworkPolicy, policy] as [ResourceType, KubeObject]),
    ...desiredTenantRoleBindings(tenant).map((binding) => [ResourceTypes.RoleBinding, binding] as [ResourceType, KubeObject]),
  ];
  for (const [type, child] of desired) {
    const current = await manager.client.tryGet<KubeObject>(type, child.metadata!.name!, inNamespace, { signal });
    await apply(manager, tenant, type, child, current, signal);
  }
  for (const type of CHILD_KINDS) {
    const wanted = new Set(desired.filter(([t]) => t === type).map(([, child]) => child.metadata?.name));
    for (const stale of (await ownChildren(manager, tenant, type, signal)).filter((child) => !wanted.has(child.metadata?.name))) {
      await manager.client.tryDelete(type, stale.metadata!.name!, inNamespace, { signal, ...(stale.metadata?.uid ? { preconditions: { uid: stale.metadata.uid } } : {}) });
      manager.applier.forget(type, inNamespace, stale.metadata!.name!);
      manager.events.event(tenant, 'Normal', 'Deleted', `Deleted ${type.kind} ${inNamespace}/${stale.metadata!.name}: no longer desired`);
    }
  }
  return namespace as V1Namespace;
}

async function apply(manager: Manager, tenant: DefaultedPrismNamespace, type: ResourceType, desired: KubeObject, live: KubeObject | undefined, signal: AbortSignal): Promise<KubeObject> {
  const result = await manager.applier.apply(type, desired, live, { signal });
  recordApplyEvent(manager.events, tenant, type.kind, desired.metadata?.name ?? '', result);
  return result.object;
}

async function ownChildren(manager: Manager, tenant: DefaultedPrismNamespace, type: ResourceType, signal: AbortSignal): Promise<KubeObject[]> {
  const labelSelector = toLabelSelector(componentSelector(nameOf(tenant), TENANCY_COMPONENT));
  const list = await manager.client.list<KubeObject>(type, { namespace: tenantNamespaceName(tenant), labelSelector, signal });
  return list.items.filter((child) => isControlledBy(child, tenant));
}

/** Workloads in the Namespace, by kind; pods that ended do not count. */
async function countWorkloads(manager: Manager, namespace: string, signal: AbortSignal): Promise<Partial<Record<WorkloadKind, number>>> {
  const counts: Partial<Record<WorkloadKind, number>> = {};
  for (const [kind, type] of Object.entries(WORKLOAD_TYPES) as [WorkloadKind, ResourceType][]) {
    const { items } = await manager.client.list<KubeObject>(type, { namespace, signal });
    const running = kind === 'Pod' ? items.filter((pod) => !['Succeeded', 'Failed'].includes((pod as V1Pod).status?.phase ?? '')) : items;
    if (running.length) counts[kind] = running.length;
  }
  return counts;
}

/** Does what the deletion step says; true when the finalizer is gone (the PrismNamespace with it). */
async function carryOut(manager: Manager, tenant: DefaultedPrismNamespace, step: DeletionStep, signal: AbortSignal): Promise<boolean> {
  switch (step.action) {
    case 'wait':
      return false;
    case 'delete-namespace':
      await manager.client.tryDelete(ResourceTypes.Namespace, tenantNamespaceName(tenant), undefined, { signal });
      manager.events.event(tenant, 'Normal', 'DeletingNamespace', step.message);
      return false;
    case 'release':
      // The children stay with the Namespace: without the owner reference the garbage collector leaves them.
      for (const type of CHILD_KINDS) {
        for (const child of await ownChildren(manager, tenant, type, signal)) {
          await manager.client.patch(type, child.metadata!.name!, tenantNamespaceName(tenant), { metadata: { ownerReferences: null } }, 'merge', undefined, { signal });
        }
      }
      manager.events.event(tenant, 'Normal', 'Retained', step.message);
      break;
    case 'remove-finalizer':
      break;
  }
  const finalizers = (tenant.metadata.finalizers ?? []).filter((f) => f !== NAMESPACE_FINALIZER);
  await manager.client.patch(PrismNamespaces, nameOf(tenant), undefined, { metadata: { resourceVersion: tenant.metadata.resourceVersion, finalizers } }, 'merge', undefined, { signal });
  return true;
}

async function writeStatus(manager: Manager, raw: PrismNamespace, status: ReturnType<typeof computeNamespaceStatus>, signal: AbortSignal): Promise<void> {
  await updateStatusIfChanged(manager.client, PrismNamespaces, raw, { ...status }, manager.name, { signal });
}
