// Every child of one owner, applied and pruned in one call. The reconciler builds the desired
// objects (pure builders); this applies each with the Applier (no write when the cached child
// already matches), records the Event a user wants to see, deletes the owned children of the set's
// kinds that are no longer desired, and hands back each child as the API server returned it.
//
// That last part is why status must be computed from the result and not from the cache: right
// after an apply that wrote, the cache still holds the previous object (its watch event has not
// arrived), so "the StatefulSet is ready" would describe the old template. The returned object
// carries the new generation, and a workload controller has not observed it yet
// (status.observedGeneration < metadata.generation), which workloadReadiness reports as not
// current. An apply that was skipped returns the cached object, which is current by definition
// of the skip.
import { recordApplyEvent, type ApplyResult, type EventSink } from '../apply/applier.ts';
import type { DeleteOptions, KubeObject, RequestOptions } from '../client/kube-client.ts';
import { groupKind, type ResourceType } from '../client/resource-type.ts';

/** One desired child: its kind and the object to apply. */
export interface DesiredChild<T extends KubeObject = KubeObject> {
  type: ResourceType;
  object: T;
}

export function desiredChild<T extends KubeObject>(type: ResourceType, object: T): DesiredChild<T> {
  return { type, object };
}

/** What the child set needs of a Manager (a Manager is one). */
export interface ChildSetRuntime {
  applier: {
    apply<T extends KubeObject>(type: ResourceType, desired: T, live: KubeObject | undefined, options?: RequestOptions): Promise<ApplyResult<T>>;
    forget(type: ResourceType, namespace: string | undefined, name: string): void;
  };
  cache: {
    get<T extends KubeObject>(type: ResourceType, name: string, namespace?: string): T | undefined;
    ownedBy<T extends KubeObject>(type: ResourceType, ownerUid: string): T[];
  };
  client: { tryDelete(type: ResourceType, name: string, namespace?: string, options?: DeleteOptions): Promise<boolean> };
  events: EventSink;
}

export interface ChildSetOptions {
  /** The reconcile's signal: passed to every request; once aborted, no further request starts. */
  signal?: AbortSignal;
}

export interface AppliedChild<T extends KubeObject = KubeObject> extends ApplyResult<T> {
  type: ResourceType;
}

export interface DeletedChild {
  type: ResourceType;
  name: string;
  namespace?: string;
}

export interface ChildSetResult {
  /** Every desired child in the order given, with the object as the API server returned it (or the cached one, when the apply was skipped). */
  applied: AppliedChild[];
  /** Owned children that were deleted because they are no longer desired. */
  deleted: DeletedChild[];
  /** The applied object of a kind and name (namespace: the owner's), typed; undefined when it was not desired. */
  get<T extends KubeObject>(type: ResourceType, name: string, namespace?: string): T | undefined;
}

/**
 * The children of one owner, of a fixed list of kinds. Declare it once per controller and register
 * the same kinds with `owns` (`childSet.kinds`): the cache holds, and is only asked about, those.
 */
export class ChildSet {
  readonly kinds: readonly ResourceType[];
  private readonly kindKeys: Set<string>;

  constructor(kinds: readonly ResourceType[]) {
    this.kinds = kinds;
    this.kindKeys = new Set(kinds.map(groupKind));
  }

  /**
   * Applies `desired` in order (put what others refer to first: a ConfigMap before the workload
   * mounting it) and records one Created and one Updated Event naming the children concerned
   * (DriftCorrected per child), then deletes each owned child of the set's kinds that `desired` does not name,
   * with a uid precondition so a re-created namesake is never hit. Throws the first failing
   * request's error; what was applied before it stays applied.
   */
  async reconcile(runtime: ChildSetRuntime, owner: KubeObject, desired: readonly DesiredChild[], options: ChildSetOptions = {}): Promise<ChildSetResult> {
    const ownerUid = owner.metadata?.uid;
    if (!ownerUid) throw new Error(`ChildSet: the owner ${owner.kind}/${owner.metadata?.name} has no uid`);
    const wanted = new Set<string>();
    for (const child of desired) {
      const key = this.keyOf(child.type, child.object.metadata?.namespace, child.object.metadata?.name);
      if (wanted.has(key)) throw new Error(`ChildSet: ${key} is desired twice`);
      wanted.add(key);
    }

    const request: RequestOptions = options.signal ? { signal: options.signal } : {};
    const applied: AppliedChild[] = [];
    // One Created and one Updated Event per reconcile, naming every child: an Event is a write, and
    // one per child made a new owner's children cost twice the writes of the children themselves.
    const changed = new Map<'Created' | 'Updated', string[]>();
    try {
      for (const child of desired) {
        options.signal?.throwIfAborted();
        const { name, namespace } = child.object.metadata ?? {};
        const live = runtime.cache.get(child.type, name ?? '', namespace);
        const result = await runtime.applier.apply(child.type, child.object, live, request);
        if (result.driftCorrected) recordApplyEvent(runtime.events, owner, child.type.kind, name ?? '', result);
        else if (result.outcome !== 'unchanged') {
          const reason = result.outcome === 'created' ? 'Created' : 'Updated';
          changed.set(reason, [...(changed.get(reason) ?? []), `${child.type.kind} ${name ?? ''}`]);
        }
        applied.push({ ...result, type: child.type });
      }
    } finally {
      for (const [reason, children] of changed) runtime.events.event(owner, 'Normal', reason, `${reason} ${children.join(', ')}`);
    }

    const deleted: DeletedChild[] = [];
    for (const type of this.kinds) {
      for (const stale of runtime.cache.ownedBy(type, ownerUid)) {
        const { name = '', namespace, uid, deletionTimestamp } = stale.metadata ?? {};
        if (deletionTimestamp || wanted.has(this.keyOf(type, namespace, name))) continue;
        options.signal?.throwIfAborted();
        await runtime.client.tryDelete(type, name, namespace, { ...request, ...(uid ? { preconditions: { uid } } : {}) });
        runtime.applier.forget(type, namespace, name);
        runtime.events.event(owner, 'Normal', 'Deleted', `Deleted ${type.kind} ${name}: no longer desired`);
        deleted.push({ type, name, ...(namespace ? { namespace } : {}) });
      }
    }

    const byKey = new Map(applied.map((a) => [this.keyOf(a.type, a.object.metadata?.namespace, a.object.metadata?.name), a.object]));
    return {
      applied,
      deleted,
      get: <T extends KubeObject>(type: ResourceType, name: string, namespace = owner.metadata?.namespace) =>
        byKey.get(this.keyOf(type, namespace, name)) as T | undefined,
    };
  }

  private keyOf(type: ResourceType, namespace: string | undefined, name: string | undefined): string {
    const kind = groupKind(type);
    if (!this.kindKeys.has(kind)) throw new Error(`ChildSet: ${kind} is not one of its kinds (${[...this.kindKeys].join(', ')}); register it with owns and the ChildSet`);
    return `${kind}/${namespace ?? ''}/${name ?? ''}`;
  }
}
