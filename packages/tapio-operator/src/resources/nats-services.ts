import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { childMetadata, componentSelector } from './metadata.ts';
import { NATS_CLIENT_PORT, NATS_CLUSTER_PORT, NATS_MONITOR_PORT, natsClientServiceName, natsHeadlessServiceName } from './nats-names.ts';

export const CLIENT_PORT_NAME = 'client';
export const CLUSTER_PORT_NAME = 'cluster';
export const MONITOR_PORT_NAME = 'monitor';

const port = (name: string, number: number): V1ServicePort => ({ name, port: number, targetPort: name, protocol: 'TCP' });

/**
 * `<cluster>-nats-headless`: each server's DNS name, which the cluster routes use. It publishes servers
 * that are not ready yet, because servers find each other through it before any is ready.
 */
export function desiredNatsHeadlessService(cluster: ProfiledTapioCluster): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(cluster, natsHeadlessServiceName(cluster), 'nats'),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: componentSelector(cluster, 'nats'),
      ports: [port(CLIENT_PORT_NAME, NATS_CLIENT_PORT), port(CLUSTER_PORT_NAME, NATS_CLUSTER_PORT), port(MONITOR_PORT_NAME, NATS_MONITOR_PORT)],
    },
  };
}

/** `<cluster>-nats`: where collectors and the correlation service connect; only ready servers get clients. */
export function desiredNatsClientService(cluster: ProfiledTapioCluster): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(cluster, natsClientServiceName(cluster), 'nats'),
    spec: {
      type: 'ClusterIP',
      selector: componentSelector(cluster, 'nats'),
      ports: [port(CLIENT_PORT_NAME, NATS_CLIENT_PORT), port(MONITOR_PORT_NAME, NATS_MONITOR_PORT)],
    },
  };
}
