import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { SERVICE_ROLE_LABEL } from '../api/v1alpha1/streambuscluster.ts';
import { brokerSelectorLabels, childMetadata, clientServiceName, headlessServiceName } from './metadata.ts';

/** Port names shared by the container, both Services, the ServiceMonitor and the NetworkPolicy. */
export const CLIENT_PORT_NAME = 'client';
export const HTTP_PORT_NAME = 'http';
export const GRPC_PORT_NAME = 'grpc';

export function brokerServicePorts(cluster: DefaultedStreamBusCluster): V1ServicePort[] {
  const { port, httpPort, grpcPort } = cluster.spec.config;
  return [
    { name: CLIENT_PORT_NAME, port, targetPort: CLIENT_PORT_NAME, protocol: 'TCP' },
    { name: HTTP_PORT_NAME, port: httpPort, targetPort: HTTP_PORT_NAME, protocol: 'TCP' },
    { name: GRPC_PORT_NAME, port: grpcPort, targetPort: GRPC_PORT_NAME, protocol: 'TCP' },
  ];
}

/**
 * `<cluster>-headless`: gives each broker its DNS name `<cluster>-<ordinal>.<cluster>-headless.<ns>.svc`.
 * It publishes brokers that are not ready yet, because brokers must find each other to form the
 * Raft quorum that makes them ready in the first place.
 */
export function desiredHeadlessService(cluster: DefaultedStreamBusCluster): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(cluster, headlessServiceName(cluster), { [SERVICE_ROLE_LABEL]: 'headless' }),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: brokerSelectorLabels(cluster),
      ports: brokerServicePorts(cluster),
    },
  };
}

/** `<cluster>`: the address clients bootstrap from; only ready brokers receive traffic. */
export function desiredClientService(cluster: DefaultedStreamBusCluster): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(cluster, clientServiceName(cluster), { [SERVICE_ROLE_LABEL]: 'client' }),
    spec: {
      type: 'ClusterIP',
      selector: brokerSelectorLabels(cluster),
      ports: brokerServicePorts(cluster),
    },
  };
}
