import type { KubeClient, KubeObject, RequestOptions } from '../client/kube-client.ts';
import { groupKind, type ResourceType } from '../client/resource-type.ts';
import { canonicalJson, stableHash } from '../hash.ts';
import { semanticallyContains } from './semantic.ts';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

export interface ApplyResult<T> {
  outcome: ApplyOutcome;
  object: T;
  /** For `updated`: the live object differed although we had applied this same desired state (someone edited it). */
  driftCorrected: boolean;
}

interface Applied {
  desiredHash: string;
  uid: string;
  generation: number | undefined;
  resourceVersion: string | undefined;
  metadataHash: string;
}

/**
 * Server-side apply under one field manager, skipping the request when the live object (read
 * from the cache) already has every desired field. A converged operator then makes no writes.
 *
 * Where the server rewrites a value we sent (a defaulted or normalised field the semantic
 * comparison cannot know), the object would look different forever; so the applier also
 * remembers what it last applied to each object and skips while neither our desired state nor
 * the object's spec (generation) and metadata have changed since.
 */
export class Applier {
  readonly fieldManager: string;
  private readonly client: KubeClient;
  private readonly applied = new Map<string, Applied>();

  constructor(client: KubeClient, fieldManager: string) {
    this.client = client;
    this.fieldManager = fieldManager;
  }

  /** `options.signal`: the reconcile's, so a stopping or deposed controller's apply ends at once. */
  async apply<T extends KubeObject>(type: ResourceType, desired: T, live: KubeObject | undefined, options: RequestOptions = {}): Promise<ApplyResult<T>> {
    const key = `${groupKind(type)}/${desired.metadata?.namespace ?? ''}/${desired.metadata?.name ?? ''}`;
    const desiredHash = stableHash(desired, 32);
    if (live && live.metadata?.deletionTimestamp === undefined) {
      if (semanticallyContains(desired, live)) return { outcome: 'unchanged', object: live as T, driftCorrected: false };
      const memory = this.applied.get(key);
      if (memory && memory.desiredHash === desiredHash && memory.uid === live.metadata?.uid && unchangedSince(memory, live)) {
        return { outcome: 'unchanged', object: live as T, driftCorrected: false };
      }
    }
    const previous = this.applied.get(key);
    const object = await this.client.apply<T>(type, desired, { fieldManager: this.fieldManager, force: true, signal: options.signal });
    this.applied.set(key, {
      desiredHash,
      uid: object.metadata?.uid ?? '',
      generation: object.metadata?.generation,
      resourceVersion: object.metadata?.resourceVersion,
      metadataHash: metadataHash(object),
    });
    const outcome: ApplyOutcome = live ? 'updated' : 'created';
    const driftCorrected = outcome === 'updated' && previous?.desiredHash === desiredHash;
    return { outcome, object, driftCorrected };
  }

  /** Forget what was applied to an object (after deleting it). */
  forget(type: ResourceType, namespace: string | undefined, name: string): void {
    this.applied.delete(`${groupKind(type)}/${namespace ?? ''}/${name}`);
  }
}

/**
 * Whether nobody changed the object since our apply. Kinds with a generation (workloads) bump it
 * on every spec change but not on status writes, which happen all the time; kinds without one
 * (ConfigMap, Service) rarely change unasked, so any new resourceVersion counts as a change.
 */
function unchangedSince(memory: Applied, live: KubeObject): boolean {
  if (memory.metadataHash !== metadataHash(live)) return false;
  return memory.generation !== undefined
    ? memory.generation === live.metadata?.generation
    : memory.resourceVersion === live.metadata?.resourceVersion;
}

function metadataHash(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return canonicalJson([m.labels ?? {}, m.annotations ?? {}, m.ownerReferences ?? []]);
}

/**
 * Writes `status` through the status subresource with server-side apply, only when it differs
 * from the status the object already has.
 */
export async function updateStatusIfChanged<T extends KubeObject & { status?: unknown }>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  status: NonNullable<T['status']>,
  fieldManager: string,
  options: RequestOptions = {},
): Promise<boolean> {
  if (canonicalJson(object.status ?? {}) === canonicalJson(status)) return false;
  await client.apply(
    type,
    { apiVersion: type.apiVersion, kind: type.kind, metadata: { name: object.metadata?.name ?? '', ...(object.metadata?.namespace ? { namespace: object.metadata.namespace } : {}) }, status },
    { fieldManager, force: true, subresource: 'status', signal: options.signal },
  );
  return true;
}

/** The part of an event recorder that `recordApplyEvent` needs. */
export interface EventSink {
  event(regarding: KubeObject, type: 'Normal' | 'Warning', reason: string, note: string): void;
}

/**
 * The Event a user wants in `kubectl describe` after an apply: Created, Updated, or
 * DriftCorrected when someone had changed the child by hand. Nothing when unchanged.
 */
export function recordApplyEvent(events: EventSink, owner: KubeObject, kind: string, name: string, result: ApplyResult<KubeObject>): void {
  if (result.outcome === 'unchanged') return;
  if (result.outcome === 'created') events.event(owner, 'Normal', 'Created', `Created ${kind} ${name}`);
  else if (result.driftCorrected) events.event(owner, 'Normal', 'DriftCorrected', `${kind} ${name} was changed outside the operator; restored the desired state`);
  else events.event(owner, 'Normal', 'Updated', `Updated ${kind} ${name}`);
}
