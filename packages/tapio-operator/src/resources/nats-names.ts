// Names and addresses of a TapioCluster's NATS, which its collectors and intelligence connect to.
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { resourceName, resourceNamespace } from './metadata.ts';

export const NATS_CLIENT_PORT = 4222;
export const NATS_CLUSTER_PORT = 6222;
export const NATS_MONITOR_PORT = 8222;

/** Pods are `<cluster>-nats-<ordinal>`, claims `data-<cluster>-nats-<ordinal>`. */
export const natsStatefulSetName = (cluster: ProfiledTapioCluster): string => `${resourceName(cluster)}-nats`;
export const natsClientServiceName = (cluster: ProfiledTapioCluster): string => natsStatefulSetName(cluster);
export const natsHeadlessServiceName = (cluster: ProfiledTapioCluster): string => `${natsStatefulSetName(cluster)}-headless`;
export const natsConfigMapName = (cluster: ProfiledTapioCluster): string => `${natsStatefulSetName(cluster)}-config`;
export const natsCredentialsSecretName = (cluster: ProfiledTapioCluster): string => `${natsStatefulSetName(cluster)}-credentials`;

export function natsUrl(cluster: ProfiledTapioCluster): string {
  return `nats://${natsClientServiceName(cluster)}.${resourceNamespace(cluster)}.svc:${NATS_CLIENT_PORT}`;
}

/** `nats://<cluster>-nats-<n>.<cluster>-nats-headless.<namespace>.svc:6222` for every server. */
export function natsRoutes(cluster: ProfiledTapioCluster): string[] {
  const headless = `${natsHeadlessServiceName(cluster)}.${resourceNamespace(cluster)}.svc`;
  return Array.from({ length: cluster.spec.nats.replicas }, (_, ordinal) => `nats://${natsStatefulSetName(cluster)}-${ordinal}.${headless}:${NATS_CLUSTER_PORT}`);
}
