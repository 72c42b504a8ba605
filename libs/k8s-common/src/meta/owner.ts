import type { V1ObjectMeta, V1OwnerReference } from '@kubernetes/client-node';

/** The least an object must have to be an owner or an owned object. */
export interface ObjectWithMeta {
  apiVersion?: string;
  kind?: string;
  metadata?: V1ObjectMeta;
}

/**
 * The controller owner reference that makes the garbage collector delete a child with its
 * owner, and lets `Owns()` watches map a child's events back to the owner.
 */
export function controllerReference(owner: ObjectWithMeta): V1OwnerReference {
  const { apiVersion, kind } = owner;
  const name = owner.metadata?.name;
  const uid = owner.metadata?.uid;
  if (!apiVersion || !kind || !name || !uid) {
    throw new Error(`controllerReference: the owner needs apiVersion, kind, metadata.name and metadata.uid (got ${kind}/${name})`);
  }
  return { apiVersion, kind, name, uid, controller: true, blockOwnerDeletion: true };
}

/** The owner reference marked `controller: true`, if any. */
export function controllerOf(obj: ObjectWithMeta): V1OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** Whether `owner` is the controller of `obj` (matched by uid, as the garbage collector does). */
export function isControlledBy(obj: ObjectWithMeta, owner: ObjectWithMeta): boolean {
  const ref = controllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata?.uid;
}

/** The `group` of an apiVersion: `apps/v1` → `apps`, `v1` → `` (the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Metadata of a namespaced child: its name, the owner's namespace, labels and the controller
 * reference that ties its lifetime to the owner.
 */
export function ownedMetadata(
  owner: ObjectWithMeta,
  name: string,
  labels: Record<string, string>,
): V1ObjectMeta & { name: string; namespace: string; labels: Record<string, string> } {
  const namespace = owner.metadata?.namespace;
  if (!namespace) throw new Error(`ownedMetadata: the owner ${owner.kind}/${owner.metadata?.name} has no namespace`);
  return { name, namespace, labels, ownerReferences: [controllerReference(owner)] };
}
