// A child whose kind comes from an optional add-on (prometheus-operator's ServiceMonitor or
// PrometheusRule, a KEDA ScaledObject, a cert-manager Certificate): created only where the cluster
// serves its CRD (discovery), otherwise reported, and looked for again later, because no watch
// tells an operator that a CRD was installed. Such kinds are read directly, not cached: an
// informer on a kind the cluster does not serve fails until it appears.
import { recordApplyEvent, type ApplyResult, type EventSink } from '../apply/applier.ts';
import type { DeleteOptions, KubeObject, RequestOptions } from '../client/kube-client.ts';
import type { ResourceType } from '../client/resource-type.ts';
import { isControlledBy } from '../meta/owner.ts';
import type { ConditionParts } from '../status/readiness-conditions.ts';

export interface OptionalChildRuntime {
  applier: {
    apply<T extends KubeObject>(type: ResourceType, desired: T, live: KubeObject | undefined, options?: RequestOptions): Promise<ApplyResult<T>>;
    forget(type: ResourceType, namespace: string | undefined, name: string): void;
  };
  client: {
    tryGet<T extends KubeObject>(type: ResourceType, name: string, namespace?: string, options?: RequestOptions): Promise<T | undefined>;
    tryDelete(type: ResourceType, name: string, namespace?: string, options?: DeleteOptions): Promise<boolean>;
  };
  discovery: { serves(type: ResourceType): Promise<boolean> };
  events: EventSink;
}

export interface OptionalChildOptions {
  /** The child's name, to find and delete it when it is no longer desired (default: the owner's name). */
  name?: string;
  /** What asked for the child, for the condition message: `spec.metrics.serviceMonitor is true`. */
  requestedBy?: string;
  /** What the user can do when the CRD is missing: `install the Prometheus Operator, or set serviceMonitor to false`. */
  whenMissing?: string;
  /** What the child does, for the condition message when applied: `scrapes the pods' /metrics`. */
  purpose?: string;
  /** When to look for the CRD again while it is missing (default 60 s). */
  recheckAfterMs?: number;
  signal?: AbortSignal;
}

export type OptionalChildOutcome<T extends KubeObject = KubeObject> =
  /** Applied; `condition` is True/Created. */
  | { state: 'applied'; object: T; condition: ConditionParts }
  /** Desired, but the cluster does not serve the kind; `condition` is False/CRDNotInstalled. */
  | { state: 'not-served'; condition: ConditionParts; recheckAfterMs: number }
  /** Not desired (and deleted if it existed): no condition to report. */
  | { state: 'not-requested' };

export const DEFAULT_CRD_RECHECK_MS = 60_000;

/**
 * Applies `desired` when the cluster serves `type`, deletes the owner's child of that kind and name
 * when `desired` is undefined, and says which happened in a form ready for a condition.
 */
export async function reconcileOptionalChild<T extends KubeObject>(
  runtime: OptionalChildRuntime,
  owner: KubeObject,
  type: ResourceType,
  desired: T | undefined,
  options: OptionalChildOptions = {},
): Promise<OptionalChildOutcome<T>> {
  const name = desired?.metadata?.name ?? options.name ?? owner.metadata?.name ?? '';
  const namespace = desired?.metadata?.namespace ?? (type.namespaced ? owner.metadata?.namespace : undefined);
  if (!(await runtime.discovery.serves(type))) {
    if (!desired) return { state: 'not-requested' };
    const asked = options.requestedBy ?? `${owner.kind} ${owner.metadata?.name} asks for a ${type.kind}`;
    return {
      state: 'not-served',
      condition: { status: 'False', reason: 'CRDNotInstalled', message: `${asked}, but the ${type.apiVersion} ${type.kind} CRD is not installed${options.whenMissing ? `: ${options.whenMissing}` : ''}` },
      recheckAfterMs: options.recheckAfterMs ?? DEFAULT_CRD_RECHECK_MS,
    };
  }
  const request: RequestOptions = options.signal ? { signal: options.signal } : {};
  const live = await runtime.client.tryGet<KubeObject>(type, name, namespace, request);
  if (!desired) {
    if (live && isControlledBy(live, owner) && !live.metadata?.deletionTimestamp) {
      await runtime.client.tryDelete(type, name, namespace, { ...request, ...(live.metadata?.uid ? { preconditions: { uid: live.metadata.uid } } : {}) });
      runtime.applier.forget(type, namespace, name);
      runtime.events.event(owner, 'Normal', 'Deleted', `Deleted ${type.kind} ${name}: no longer desired`);
    }
    return { state: 'not-requested' };
  }
  const result = await runtime.applier.apply(type, desired, live, request);
  recordApplyEvent(runtime.events, owner, type.kind, name, result);
  const where = namespace ? `${namespace}/${name}` : name;
  return { state: 'applied', object: result.object, condition: { status: 'True', reason: 'Created', message: `${type.kind} ${where} ${options.purpose ?? 'is applied'}` } };
}
