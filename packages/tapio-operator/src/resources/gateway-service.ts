import type { V1Service } from '@kubernetes/client-node';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { GATEWAY_METRICS_PORT, gatewayName } from './gateway-config.ts';
import { HTTP_PORT_NAME, METRICS_PORT_NAME } from './pods.ts';
import { childMetadata, componentSelector, resourceNamespace } from './metadata.ts';

export const gatewayMetricsServiceName = (cluster: ProfiledTapioCluster): string => `${gatewayName(cluster)}-metrics`;

/**
 * `<cluster>-gateway`: the API, as gateway.service asks; it selects the stable and canary pods alike.
 * Only the API port: a NodePort or LoadBalancer Service must not expose metrics outside the cluster.
 */
export function desiredGatewayService(cluster: ProfiledTapioCluster): V1Service {
  const { service } = cluster.spec.gateway;
  const metadata = childMetadata(cluster, gatewayName(cluster), 'gateway');
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: service.annotations ? { ...metadata, annotations: service.annotations } : metadata,
    spec: {
      type: service.type,
      selector: componentSelector(cluster, 'gateway'),
      ports: [{ name: HTTP_PORT_NAME, port: service.port, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
    },
  };
}

/** `<cluster>-gateway-metrics`: the metrics port, inside the cluster only, for Prometheus. */
export function desiredGatewayMetricsService(cluster: ProfiledTapioCluster): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(cluster, gatewayMetricsServiceName(cluster), 'gateway'),
    spec: {
      type: 'ClusterIP',
      selector: componentSelector(cluster, 'gateway'),
      ports: [{ name: METRICS_PORT_NAME, port: GATEWAY_METRICS_PORT, targetPort: METRICS_PORT_NAME, protocol: 'TCP' }],
    },
  };
}

/** The in-cluster address of the API, for status. */
export function gatewayUrl(cluster: ProfiledTapioCluster): string {
  return `http://${gatewayName(cluster)}.${resourceNamespace(cluster)}.svc:${cluster.spec.gateway.service.port}`;
}
