// Generic, meant for libs/k8s-common beside reconcileOptionalChild: several children of one
// add-on kind (KEDA TriggerAuthentications, one per backend), applied through
// reconcileOptionalChild, and the owner's children of that kind no longer desired deleted. The
// kit's helper knows one child by name; a set needs a list to find the ones that went away.
import {
  isControlledBy,
  reconcileOptionalChild,
  type KubeObject,
  type Manager,
  type OptionalChildOptions,
  type OptionalChildOutcome,
  type ResourceType,
} from '@operators/k8s-common';

export interface OptionalChildrenOptions extends Pick<OptionalChildOptions, 'requestedBy' | 'whenMissing' | 'purpose'> {
  /** The owner's children of the kind carry these labels (the list that finds the stale ones selects on them). */
  labelSelector: string;
  signal: AbortSignal;
}

/** Applies every desired child where the cluster serves `type`, then deletes the owner's other children of that kind. */
export async function reconcileOptionalChildren<T extends KubeObject>(
  manager: Manager,
  owner: KubeObject,
  type: ResourceType,
  desired: readonly T[],
  options: OptionalChildrenOptions,
): Promise<OptionalChildOutcome<T>[]> {
  const { labelSelector, signal, ...wording } = options;
  if (!(await manager.discovery.serves(type))) {
    return Promise.all(desired.map((child) => reconcileOptionalChild(manager, owner, type, child, { ...wording, signal })));
  }
  const outcomes: OptionalChildOutcome<T>[] = [];
  for (const child of desired) outcomes.push(await reconcileOptionalChild(manager, owner, type, child, { ...wording, signal }));
  const wanted = new Set(desired.map((child) => child.metadata?.name));
  const live = await manager.client.list<KubeObject>(type, { namespace: owner.metadata?.namespace, labelSelector, signal });
  for (const stale of live.items.filter((item) => !wanted.has(item.metadata?.name) && isControlledBy(item, owner))) {
    await reconcileOptionalChild(manager, owner, type, undefined, { name: stale.metadata?.name, signal });
  }
  return outcomes;
}
