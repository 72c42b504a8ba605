import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { brokerPodName, clusterNamespace, headlessServiceName } from './metadata.ts';

/**
 * Client addresses of the brokers, `<cluster>-<ordinal>.<cluster>-headless.<namespace>.svc:<port>`, by
 * ordinal. Without `pods`, every broker the spec asks for; with `pods` (e.g. the ready ones), those.
 */
export function brokerEndpoints(cluster: DefaultedStreamBusCluster, pods?: readonly { ordinal: number }[]): string[] {
  const ordinals = pods ? [...new Set(pods.map((pod) => pod.ordinal))].sort((a, b) => a - b) : range(cluster.spec.replicas);
  const domain = `${headlessServiceName(cluster)}.${clusterNamespace(cluster)}.svc`;
  return ordinals.map((ordinal) => `${brokerPodName(cluster, ordinal)}.${domain}:${cluster.spec.config.port}`);
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
