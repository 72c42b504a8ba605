// Names, labels and ownership shared by the children of the Prism resources.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { controllerReference, ownedMetadata, selectorLabels, standardLabels, type ObjectWithMeta } from '@operators/k8s-common';
import { APP_LABEL, APP_LABEL_VALUE, MANAGED_BY, PART_OF, STACK_LABEL } from '../api/v1alpha1/group.ts';

/** `app.kubernetes.io/name` of every Prism workload; components and instances tell them apart. */
export const APP_NAME = 'prism';
export const PATTERN_COMPONENT = 'pattern-runner';
export const PROXY_COMPONENT = 'proxy';
export const ADMIN_COMPONENT = 'admin';
export const TENANCY_COMPONENT = 'tenancy';
export const MONITORING_COMPONENT = 'monitoring';

export type ChildMetadata = V1ObjectMeta & { name: string; namespace: string; labels: Record<string, string> };

export function nameOf(resource: ObjectWithMeta): string {
  const name = resource.metadata?.name;
  if (!name) throw new Error(`${resource.kind ?? 'resource'} has no metadata.name`);
  return name;
}

export function namespaceOf(resource: ObjectWithMeta): string {
  const namespace = resource.metadata?.namespace;
  // Every namespaced object read from the API server has one; a missing namespace is a programming error upstream.
  if (!namespace) throw new Error(`${resource.kind ?? 'resource'} ${nameOf(resource)} has no metadata.namespace`);
  return namespace;
}

/** The app.kubernetes.io labels of a component of `instance`. */
export function componentLabels(instance: string, component: string): Record<string, string> {
  return standardLabels({ name: APP_NAME, instance, component, partOf: PART_OF, managedBy: MANAGED_BY });
}

/** What selectors match on: name, instance and component only, which never change for a resource. */
export function componentSelector(instance: string, component: string): Record<string, string> {
  return selectorLabels({ name: APP_NAME, instance, component });
}

/** The labels of a Prism pod: its component's, `app: prism` (the seed's `-l app=prism`), and the stack it belongs to. */
export function podLabels(owner: ObjectWithMeta, component: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, ...stackLabel(owner), [APP_LABEL]: APP_LABEL_VALUE, ...componentLabels(nameOf(owner), component) };
}

/** `prism.io/stack: <stack>` when the owner belongs to a PrismStack, so its children say so too. */
export function stackLabel(owner: ObjectWithMeta): Record<string, string> {
  const stack = owner.metadata?.labels?.[STACK_LABEL];
  return stack ? { [STACK_LABEL]: stack } : {};
}

/** Metadata of a namespaced child in its owner's namespace: name, labels, controller reference. */
export function childMetadata(owner: ObjectWithMeta, name: string, component: string, extraLabels: Record<string, string> = {}): ChildMetadata {
  return ownedMetadata(owner, name, { ...extraLabels, ...stackLabel(owner), ...componentLabels(nameOf(owner), component) });
}

/**
 * Metadata of a child of a cluster-scoped owner inside another namespace (a PrismNamespace's quota,
 * policies and bindings in the namespace it provisions). The garbage collector honours a
 * cluster-scoped owner of a namespaced object.
 */
export function childMetadataIn(owner: ObjectWithMeta, namespace: string, name: string, component: string): ChildMetadata {
  return { name, namespace, labels: componentLabels(nameOf(owner), component), ownerReferences: [controllerReference(owner)] };
}
