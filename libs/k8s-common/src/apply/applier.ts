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
  /**
   * Until the cache shows something newer: the resourceVersion of the live object this apply wrote
   * over (undefined when there was none) and what the server answered. A cache that still holds
   * exactly that object has not seen our write yet (its watch event is on its way).
   */
  pending?: { over: string | undefined; object: KubeObject };
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
    const lagging = await this.awaitingCache(type, previous, desiredHash, stamped, live, options);
    if (lagging) return { outcome: 'unchanged', object: lagging as T, driftCorrected: false };
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
      pending: { over: live?.metadata?.resourceVersion, object },
    });
    if (previous?.desiredHash !== desiredHash) this.reportNormalised(type, stamped, object);
    if (live && object.metadata?.resourceVersion === live.metadata?.resourceVersion) return { outcome: 'unchanged', object, driftCorrected: false };
    const outcome: ApplyOutcome = live ? 'updated' : 'created';
    const driftCorrected = outcome === 'updated' && (liveHash === desiredHash || previous?.desiredHash === desiredHash);
    return { outcome, object, driftCorrected };
  }

  /**
   * The object as our last apply of this same desired state left it, when the cache has not caught
   * up with that apply yet; undefined otherwise. Right after a write the cache still holds the object
   * as it was before (or nothing, after a create) until the watch event arrives, and a reconcile run
   * meanwhile — often triggered by the event of another child just written — would apply the same
   * state again: a write that changes nothing, and a second "Created" Event. A cache holding exactly
   * the object we wrote over is trusted to be behind: whatever changes the object after our write
   * reaches the cache later as an event of its own. A cache holding nothing cannot tell "not seen
   * yet" from "deleted since", so that case is settled with a read (GET) instead of a write.
   */
  private async awaitingCache(
    type: ResourceType,
    previous: Applied | undefined,
    desiredHash: string,
    stamped: KubeObject,
    live: KubeObject | undefined,
    options: RequestOptions,
  ): Promise<KubeObject | undefined> {
    const pending = previous?.pending;
    if (!previous || !pending) return undefined;
    if (live && (live.metadata?.resourceVersion !== pending.over || live.metadata?.uid !== previous.uid)) {
      previous.pending = undefined; // the cache has moved past our write: it decides from now on
      return undefined;
    }
    if (previous.desiredHash !== desiredHash) return undefined;
    if (live) return pending.object;
    const current = await this.client.tryGet(type, stamped.metadata?.name ?? '', stamped.metadata?.namespace, { signal: options.signal });
    if (current && current.metadata?.deletionTimestamp === undefined && current.metadata?.annotations?.[this.desiredHashAnnotation] === desiredHash && semanticallyContains(stamped, current)) {
      return current;
    }
    return undefined;
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
 * Writes `status` through the status subresource, only when it differs from the status the object
 * already has. The write replaces the whole status (a JSON patch `add /status`): what the new
 * status leaves out is gone, whatever the cache held, and there is no resourceVersion to conflict
 * on. Not server-side apply: status has one writer, its controller, so field ownership buys
 * nothing there, and the benchmark measured an apply of a status at 8.5 ms of kube-apiserver
 * time where an update took 5 (docs/performance.md).
 */
export async function updateStatusIfChanged<T extends KubeObject & { status?: unknown }>(
  client: KubeClient,
  type: ResourceType,
  object: T,
  status: NonNullable<T['status']>,
  fieldManager: string,
  options: RequestOptions = {},
): Promise<boolean> {
  const wanted = canonicalJson(status);
  // The same status written over this same object version already: the cache has not seen our
  // write yet (see Applier.awaitingCache), and writing it again would change nothing. The record
  // lives only until the cache shows a newer version.
  const key = `${groupKind(type)}/${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
  const writes = statusWritesOf(client);
  const last = writes.get(key);
  if (last && (last.uid !== object.metadata?.uid || last.over !== object.metadata?.resourceVersion)) writes.delete(key);
  else if (last?.status === wanted) return false;
  if (canonicalJson(object.status ?? {}) === wanted) return false;
  await client.patch(type, object.metadata?.name ?? '', object.metadata?.namespace, [{ op: 'add', path: '/status', value: status }], 'json', 'status', {
    fieldManager,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  writes.set(key, { uid: object.metadata?.uid, over: object.metadata?.resourceVersion, status: wanted });
  return true;
}

interface StatusWrite {
  uid: string | undefined;
  /** The resourceVersion of the object the status was written over. */
  over: string | undefined;
  status: string;
}

/** The last status written per object, per client (a client is one operator's connection). */
const statusWrites = new WeakMap<KubeClient, Map<string, StatusWrite>>();

function statusWritesOf(client: KubeClient): Map<string, StatusWrite> {
  let writes = statusWrites.get(client);
  if (!writes) statusWrites.set(client, (writes = new Map()));
  return writes;
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
