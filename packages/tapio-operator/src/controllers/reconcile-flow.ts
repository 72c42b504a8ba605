// The pass every Tapio kind makes, in kubebuilder's order: read from the cache, validate (a stored
// object that fails is reported as InvalidSpec, never a crash loop), honour the pause annotation
// (apply nothing, describe what runs), realise the children, write status computed from what was
// observed, and ask to look again only for what no watch reports. Each controller supplies the
// kind-specific steps.
import {
  pauseState,
  updateStatusIfChanged,
  type KubeObject,
  type Manager,
  type ReconcileContext,
  type ReconcileResult,
  type Request,
  type ResourceType,
  type ValidationResult,
} from '@operators/k8s-common';
import { PAUSE_RECONCILIATION_ANNOTATION } from '../api/v1alpha1/group.ts';
import { describeIssues } from '../webhooks/admission.ts';

/** How often to look again while something only a poll notices is pending (a missing Secret). */
export const SECRET_RECHECK_MS = 15_000;

/** What every kind's observation carries besides its own facts. */
export interface FlowObservation {
  paused: boolean;
  specError?: string;
  missingSecrets?: readonly string[];
  /** When to look again for what no watch reports (a canary timeout, a CRD that may be installed). */
  recheckAfterMs?: number;
}

export interface ReconcileSteps<Raw extends KubeObject, Valid extends KubeObject, Observed extends FlowObservation> {
  type: ResourceType;
  validate(raw: Raw): ValidationResult<Valid>;
  /** The object with its schema defaults, where validation failed: enough to name its children. */
  withDefaults(raw: Raw): Valid;
  /** What runs, from the cache alone (paused, or before anything was applied). */
  observeCached(manager: Manager, resource: Valid): Omit<Observed, 'paused'>;
  realise(manager: Manager, resource: Valid, context: ReconcileContext, now: Date): Promise<Observed>;
  status(resource: Valid, observed: Observed, now: Date): object;
  /** The resource is gone: clean up what garbage collection cannot (cluster-scoped objects). */
  whenAbsent?(manager: Manager, request: Request, signal: AbortSignal): Promise<void>;
}

export async function reconcileFlow<Raw extends KubeObject & { status?: unknown }, Valid extends KubeObject & { status?: { observedGeneration?: number } }, Observed extends FlowObservation>(
  manager: Manager,
  request: Request,
  context: ReconcileContext,
  steps: ReconcileSteps<Raw, Valid, Observed>,
): Promise<ReconcileResult> {
  const raw = manager.cache.get<Raw>(steps.type, request.name, request.namespace);
  if (!raw) {
    await steps.whenAbsent?.(manager, request, context.signal);
    return {};
  }
  if (raw.metadata?.deletionTimestamp) return {};
  const now = new Date();
  const write = (status: object) => updateStatusIfChanged(manager.client, steps.type, raw, status, manager.name, { signal: context.signal });

  const validated = steps.validate(raw);
  if (!validated.ok) {
    const message = describeIssues(validated.errors);
    manager.events.event(raw, 'Warning', 'InvalidSpec', message);
    const resource = steps.withDefaults(raw);
    await write(steps.status(resource, { ...steps.observeCached(manager, resource), paused: false, specError: message } as Observed, now));
    return {};
  }
  const resource = validated.value;
  const pause = pauseState(resource, PAUSE_RECONCILIATION_ANNOTATION);
  const observed = pause.paused ? ({ ...steps.observeCached(manager, resource), paused: true } as Observed) : await steps.realise(manager, resource, context, now);
  await write(steps.status(describedResource(resource, pause), observed, now));
  const recheck = [observed.missingSecrets?.length ? SECRET_RECHECK_MS : undefined, observed.recheckAfterMs].filter((ms): ms is number => ms !== undefined);
  return recheck.length ? { requeueAfterMs: Math.min(...recheck) } : {};
}

/**
 * The resource as its status describes it: while paused nothing of a newer spec was applied, so
 * status and conditions keep the generation last reconciled and a Ready that was true for it never
 * claims a change that did not roll out (`kubectl wait --for=condition=Ready` is not fooled).
 */
export function describedResource<Valid extends KubeObject>(resource: Valid, pause: { paused: boolean; observedGeneration?: number | undefined }): Valid {
  if (!pause.paused) return resource;
  const { generation: _current, ...metadata } = resource.metadata ?? {};
  return { ...resource, metadata: pause.observedGeneration === undefined ? metadata : { ...metadata, generation: pause.observedGeneration } };
}
