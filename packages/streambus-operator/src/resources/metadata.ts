// Names, labels and ownership shared by every child of a StreamBusCluster.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ownedMetadata, selectorLabels, standardLabels } from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { APP_NAME, COMPONENT, MANAGED_BY, PART_OF } from '../api/v1alpha1/streambuscluster.ts';

/** The StatefulSet is named after the cluster, so pods are `<cluster>-<ordinal>` and PVCs `data-<cluster>-<ordinal>`, as the seed shows. */
export const brokerStatefulSetName = (cluster: DefaultedStreamBusCluster): string => clusterName(cluster);
export const brokerConfigMapName = (cluster: DefaultedStreamBusCluster): string => `${clusterName(cluster)}-config`;
export const headlessServiceName = (cluster: DefaultedStreamBusCluster): string => `${clusterName(cluster)}-headless`;
export const clientServiceName = (cluster: DefaultedStreamBusCluster): string => clusterName(cluster);
export const brokerPodName = (cluster: DefaultedStreamBusCluster, ordinal: number): string => `${clusterName(cluster)}-${ordinal}`;

export function clusterName(cluster: DefaultedStreamBusCluster): string {
  const name = cluster.metadata.name;
  if (!name) throw new Error('StreamBusCluster has no metadata.name');
  return name;
}

export function clusterNamespace(cluster: DefaultedStreamBusCluster): string {
  const namespace = cluster.metadata.namespace;
  // Every object read from the API server has one; a missing namespace is a programming error upstream.
  if (!namespace) throw new Error(`StreamBusCluster ${clusterName(cluster)} has no metadata.namespace`);
  return namespace;
}

/** The app.kubernetes.io labels every child carries. */
export function brokerLabels(cluster: DefaultedStreamBusCluster): Record<string, string> {
  return standardLabels({ name: APP_NAME, instance: clusterName(cluster), component: COMPONENT, partOf: PART_OF, managedBy: MANAGED_BY });
}

/** What selectors match on: name, instance and component only, which never change for a cluster. */
export function brokerSelectorLabels(cluster: DefaultedStreamBusCluster): Record<string, string> {
  return selectorLabels({ name: APP_NAME, instance: clusterName(cluster), component: COMPONENT });
}

/** Metadata of a namespaced child: its name, the cluster's namespace, labels and the controller reference. */
export function childMetadata(
  cluster: DefaultedStreamBusCluster,
  name: string,
  extraLabels: Record<string, string> = {},
): V1ObjectMeta & { name: string; namespace: string; labels: Record<string, string> } {
  return ownedMetadata(cluster, name, { ...extraLabels, ...brokerLabels(cluster) });
}
