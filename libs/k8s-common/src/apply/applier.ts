import type { KubeClient, KubeObject, RequestOptions } from '../client/kube-client.ts';
import { groupKind, type ResourceType } from '../client/resource-type.ts';
import { canonicalJson, stableHash } from '../hash.ts';
import { silentLogger, type Logger } from '../logging.ts';
import { firstDifference, semanticallyContains } from './semantic.ts';

export type ApplyOutcome = 'created' | 'updated' | 'unchanged';

export interface ApplyResult<T> {
  /** `unchanged` also when a request was sent but the server kept the object as it was (same resourceVersion). */
  outcome: ApplyOutcome;
  object: T;
  /** For `updated`: the live object differed although we had applied this same desired state (someone edited it). */
  driftCorrected: boolean;
}

export interface ApplierOptions {
  /** Annotation that carries the hash of the desired state on each applied object; default `DEFAULT_DESIRED_HASH_ANNOTATION`. */
  desiredHashAnnotation?: string;
  /** Where the applier says which field the server changed after an apply (debug level). */
  logger?: Logger;
}

export const DEFAULT_DESIRED_HASH_ANNOTATION = 'operators.dev/desired-hash';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * One operator's hash annotation, `<operator>.operators.dev/desired-hash`, so that two operators
 * applying parts of one object do not overwrite each other's hash; the shared default where the
 * name cannot be an annotation prefix.
 */
export function desiredHashAnnotationFor(operator: string): string {
  const prefix = `${operator}.operators.dev`;
  return prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix) ? `${prefix}/desired-hash` : DEFAULT_DESIRED_HASH_ANNOTATION;
}

interface Applied {
  desiredHash: string;
  uid: string;
  generation: number | undefined;
  resourceVersion: string | undefined;
  metadataHash: string;
}

/**
 * Server-side apply under one field manager, skipping the request when it would change nothing,
 * so a converged operator makes no writes.
 *
 * Each applied object carries the hash of its desired state in an annotation. Comparing the
 * live object with the desired one can only see fields the desired state has; a field it no
 * longer has (which server-side apply would remove) changes the hash instead. The hash lives on
 * the object, so it is still there after the operator restarts. When the hash matches, the live
 * object must still contain every desired field (`semanticallyContains`), or someone changed one
 * of ours by hand and the apply puts it back.
 *
 * Where the server rewrites a value we sent (a defaulted or normalised field the semantic
 * comparison cannot know), the object would look different forever; so the applier also
 * remembers what it last applied to each object and skips while neither our desired state nor
 * the object's spec (generation) and metadata have changed since.
 */
export class Applier {
  readonly fieldManager: string;
  readonly desiredHashAnnotation: string;
  private readonly client: KubeClient;
  private readonly logger: Logger;
  private readonly applied = new Map<string, Applied>();

  constructor(client: KubeClient, fieldManager: string, options: ApplierOptions = {}) {
    this.client = client;
    this.fieldManager = fieldManager;
    this.desiredHashAnnotation = options.desiredHashAnnotation ?? DEFAULT_DESIRED_HASH_ANNOTATION;
    this.logger = options.logger ?? silentLogger();
  }

  /** `options.signal`: the reconcile's, so a stopping or deposed controller's apply ends at once. */
  async apply<T extends KubeObject>(type: ResourceType, desired: T, live: KubeObject | undefined, options: RequestOptions = {}): Promise<ApplyResult<T>> {
    const key = objectKey(type, desired.metadata?.namespace, desired.metadata?.name ?? '');
    const desiredHash = stableHash(desired, 32);
    const stamped = withAnnotation(desired, this.desiredHashAnnotation, desiredHash);
    const previous = this.applied.get(key);
    const liveHash = live?.metadata?.annotations?.[this.desiredHashAnnotation];
    if (live && live.metadata?.deletionTimestamp === undefined && liveHash === desiredHash) {
      if (semanticallyContains(stamped, live)) return { outcome: 'unchanged', object: live as T, driftCorrected: false };
      if (previous && previous.desiredHash === desiredHash && previous.uid === live.metadata?.uid && unchangedSince(previous, live)) {
        return { outcome: 'unchanged', object: live as T, driftCorrected: false };
      }
    }
    const object = await this.client.apply<T>(type, stamped, { fieldManager: this.fieldManager, force: true, signal: options.signal });
    this.applied.set(key, {
      desiredHash,
      uid: object.metadata?.uid ?? '',
      generation: object.metadata?.generation,
      resourceVersion: object.metadata?.resourceVersion,
      metadataHash: metadataHash(object),
    });
    if (previous?.desiredHash !== desiredHash) this.reportNormalised(type, stamped, object);
    if (live && object.metadata?.resourceVersion === live.metadata?.resourceVersion) return { outcome: 'unchanged', object, driftCorrected: false };
    const outcome: ApplyOutcome = live ? 'updated' : 'created';
    const driftCorrected = outcome === 'updated' && (liveHash === desiredHash || previous?.desiredHash === desiredHash);
    return { outcome, object, driftCorrected };
  }

  /** Forget what was applied to an object (after deleting it). */
  forget(type: ResourceType, namespace: string | undefined, name: string): void {
    this.applied.delete(objectKey(type, namespace, name));
  }

  /**
   * The server stored a desired field differently from how we sent it (a default or a canonical
   * form). Skipping then rests on the in-memory record alone, so the first reconcile after a
   * restart applies once more; the builder can avoid that by sending the server's form.
   */
  private reportNormalised(type: ResourceType, desired: KubeObject, object: KubeObject): void {
    const path = firstDifference(desired, object);
    if (path === undefined) return;
    this.logger.debug('the applied object differs from the desired one; send the form the server stores to skip this apply after a restart', {
      kind: type.kind,
      namespace: object.metadata?.namespace,
      name: object.metadata?.name,
      path,
    });
  }
}

function objectKey(type: ResourceType, namespace: string | undefined, name: string): string {
  return `${groupKind(type)}/${namespace ?? ''}/${name}`;
}

function withAnnotation<T extends KubeObject>(object: T, key: string, value: string): T {
  const metadata = object.metadata ?? {};
  return { ...object, metadata: { ...metadata, annotations: { ...metadata.annotations, [key]: value } } };
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
