// The status of a PrismNamespace: provisioned, refused (the Namespace exists and is not its own),
// or being deleted (with the DeletionBlocked condition saying what it waits for).
import { removeCondition, setConditions } from '@operators/k8s-common';
import type { DefaultedPrismNamespace } from '../api/v1alpha1/defaults.ts';
import type { NamespacePhase, PrismNamespaceStatus } from '../api/v1alpha1/prismnamespace.ts';
import { tenantNamespaceName } from '../resources/tenant-namespace.ts';
import { condition, DEGRADED, describedGeneration, PAUSED, pausedCondition, pausedProgressing, PROGRESSING, READY, stampConditions, type ConditionVerdict } from './conditions.ts';
import type { DeletionStep } from './namespace-deletion.ts';

export const DELETION_BLOCKED = 'DeletionBlocked';

export interface ObservedNamespaceState {
  /** The Namespace as read (or as the apply returned it); undefined when it does not exist. */
  namespace?: { phase?: string; managed: boolean };
  /** decideNamespaceDeletion's step, while the PrismNamespace is being deleted. */
  deletion?: DeletionStep;
  paused: boolean;
  specError?: string;
}

export type ComputedNamespaceStatus = Required<Pick<PrismNamespaceStatus, 'phase' | 'conditions' | 'namespace'>> & Pick<PrismNamespaceStatus, 'observedGeneration'>;

export function computeNamespaceStatus(tenant: DefaultedPrismNamespace, observed: ObservedNamespaceState, now: Date): ComputedNamespaceStatus {
  const verdict = decide(tenant, observed);
  const generation = describedGeneration(tenant, observed.paused);
  const blocked = observed.deletion ? deletionBlocked(observed.deletion) : undefined;
  const updates = stampConditions(generation, [
    [READY, verdict.ready],
    [PROGRESSING, observed.paused ? pausedProgressing() : verdict.progressing],
    [DEGRADED, condition('False', verdict.ready.reason, 'see the Ready condition')],
    ...(blocked ? ([[DELETION_BLOCKED, blocked]] as const) : []),
    ...(observed.paused ? ([[PAUSED, pausedCondition()]] as const) : []),
  ]);
  let conditions = setConditions(tenant.status?.conditions, updates, now);
  if (!blocked) conditions = removeCondition(conditions, DELETION_BLOCKED);
  if (!observed.paused) conditions = removeCondition(conditions, PAUSED);
  return {
    phase: verdict.phase,
    conditions,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    namespace: tenantNamespaceName(tenant),
  };
}

function decide(tenant: DefaultedPrismNamespace, observed: ObservedNamespaceState): { phase: NamespacePhase; ready: ConditionVerdict; progressing: ConditionVerdict } {
  const name = tenantNamespaceName(tenant);
  if (observed.deletion) {
    return { phase: 'Terminating', ready: condition('False', observed.deletion.reason, observed.deletion.message), progressing: condition('True', 'Deleting', observed.deletion.message) };
  }
  if (observed.specError !== undefined) return failed('InvalidSpec', observed.specError);
  const { namespace } = observed;
  if (namespace && !namespace.managed) {
    return failed('NamespaceNotManaged', `a Namespace ${name} already exists and was not provisioned by this PrismNamespace; the operator does not take over (or later delete) a Namespace it did not create`);
  }
  if (!namespace || namespace.phase !== 'Active') {
    const why = namespace ? `is ${namespace.phase ?? 'not Active yet'}` : 'has not been created yet';
    return { phase: 'Pending', ready: condition('False', 'Provisioning', `the Namespace ${name} ${why}`), progressing: condition('True', 'Provisioning', `provisioning the Namespace ${name}`) };
  }
  return {
    phase: 'Active',
    ready: condition('True', 'Provisioned', `the Namespace ${name} is provisioned with ${provisioned(tenant)}`),
    progressing: condition('False', 'Provisioned', 'nothing left to provision'),
  };
}

function failed(reason: string, message: string) {
  return { phase: 'Failed' as const, ready: condition('False', reason, message), progressing: condition('False', reason, 'cannot progress until this is fixed: see the Ready condition') };
}

/** True while the deletion waits; False once it proceeds. */
function deletionBlocked(step: DeletionStep): ConditionVerdict {
  return step.action === 'wait' ? condition('True', step.reason, step.message) : condition('False', step.reason, step.message);
}

function provisioned(tenant: DefaultedPrismNamespace): string {
  const { spec } = tenant;
  return [
    `Pod Security ${spec.podSecurity}`,
    ...(spec.resourceQuota ? ['a ResourceQuota'] : []),
    ...(spec.limitRange ? ['a LimitRange'] : []),
    ...(spec.networkPolicy.defaultDeny ? ['default-deny NetworkPolicies'] : []),
    ...(spec.roleBindings?.length ? [`${spec.roleBindings.length} RoleBinding${spec.roleBindings.length === 1 ? '' : 's'}`] : []),
  ].join(', ');
}
