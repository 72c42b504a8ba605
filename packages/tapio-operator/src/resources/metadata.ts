// Names, labels and ownership shared by every child of the three Tapio kinds.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ownedMetadata, selectorLabels, standardLabels } from '@operators/k8s-common';
import { CLUSTER_LABEL, MANAGED_BY, PART_OF } from '../api/v1alpha1/group.ts';

/** Any Tapio resource as the builders see it: a named, namespaced object of one of the three kinds. */
export interface TapioResource {
  apiVersion: string;
  kind: string;
  metadata: V1ObjectMeta;
}

/** The part of the platform a child belongs to; `app.kubernetes.io/name` is `tapio-<component>`. */
export type Component =
  | 'nats'
  | 'gateway'
  | 'neo4j'
  | 'neo4j-backup'
  | 'neo4j-restore'
  | 'correlation'
  | 'intelligence'
  | 'kubernetes-collector'
  | 'etcd-collector'
  | 'ebpf-collector'
  | 'systemd-collector'
  | 'cni-collector';

export function resourceName(resource: TapioResource): string {
  const name = resource.metadata.name;
  if (!name) throw new Error(`${resource.kind} has no metadata.name`);
  return name;
}

export function resourceNamespace(resource: TapioResource): string {
  const namespace = resource.metadata.namespace;
  // Every object read from the API server has one; a missing namespace is a programming error upstream.
  if (!namespace) throw new Error(`${resource.kind} ${resourceName(resource)} has no metadata.namespace`);
  return namespace;
}

/**
 * The TapioCluster a resource belongs to: its own name for a TapioCluster, the tapio.io/cluster
 * label for the collectors and intelligence a TapioCluster made, and the resource's own name for
 * one created on its own (then it forms a platform of one).
 */
export function platformName(resource: TapioResource): string {
  return resource.metadata.labels?.[CLUSTER_LABEL] ?? resourceName(resource);
}

/** What selectors match on: name, instance and component only, which never change for a resource. */
export function componentSelector(owner: TapioResource, component: Component): Record<string, string> {
  return selectorLabels({ name: `tapio-${component}`, instance: resourceName(owner), component });
}

/** The labels every child carries: the app.kubernetes.io set and the platform it belongs to. */
export function componentLabels(owner: TapioResource, component: Component): Record<string, string> {
  return {
    ...standardLabels({ name: `tapio-${component}`, instance: resourceName(owner), component, partOf: PART_OF, managedBy: MANAGED_BY }),
    [CLUSTER_LABEL]: platformName(owner),
  };
}

/** Metadata of a namespaced child: its name, the owner's namespace, labels and the controller reference. */
export function childMetadata(
  owner: TapioResource,
  name: string,
  component: Component,
  extraLabels: Record<string, string> = {},
): V1ObjectMeta & { name: string; namespace: string; labels: Record<string, string> } {
  return ownedMetadata(owner, name, { ...extraLabels, ...componentLabels(owner, component) });
}

/**
 * Metadata of data the operator creates but does not own (backup volumes, volumes made before a
 * restore): no owner reference, so deleting the Tapio resource keeps the data, as it keeps the
 * StatefulSets' volumes.
 */
export function dataMetadata(owner: TapioResource, name: string, component: Component): V1ObjectMeta & { name: string; namespace: string } {
  return { name, namespace: resourceNamespace(owner), labels: componentLabels(owner, component) };
}
