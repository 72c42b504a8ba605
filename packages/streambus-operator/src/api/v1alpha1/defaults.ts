import { withSchemaDefaults } from '@operators/k8s-common';
import { StreamBusClusterSchema, type DefaultedStreamBusCluster, type StreamBusCluster } from './streambuscluster.ts';

export type { DefaultedStreamBusCluster, DefaultedStreamBusClusterSpec } from './streambuscluster.ts';

/**
 * The cluster with the schema's defaults filled in, as the API server would store it. Objects read
 * from the API server already have them; this makes the type say so and covers objects built in
 * tests or read from files. The input is not changed.
 */
export function withDefaults(cluster: StreamBusCluster): DefaultedStreamBusCluster {
  return withSchemaDefaults(StreamBusClusterSchema, cluster);
}
