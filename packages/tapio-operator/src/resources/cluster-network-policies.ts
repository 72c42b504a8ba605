import { COLLECTOR_TYPES } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { gatewayName } from './gateway-config.ts';
import { HTTP_PORT_NAME, METRICS_PORT_NAME } from './pods.ts';
import { componentSelector, resourceName, type Component } from './metadata.ts';
import { CLIENT_PORT_NAME, CLUSTER_PORT_NAME, MONITOR_PORT_NAME } from './nats-services.ts';
import { natsStatefulSetName } from './nats-names.ts';
import { ingressPolicy, METRICS_SCRAPERS, platformPods, type NetworkPolicy } from './network-policy.ts';

/** The components that publish to or read from NATS. */
export const NATS_CLIENTS: readonly Component[] = [...COLLECTOR_TYPES.map((type) => `${type}-collector` as const), 'correlation'];

/**
 * When security.networkPolicies is on:
 * - NATS admits the platform's collectors and correlation service on the client port, its own
 *   servers on the cluster port, and metrics scrapers on the monitor port;
 * - the API gateway admits anyone on the API port (it is the platform's external API and does its
 *   own authentication) and metrics scrapers on the metrics port.
 * The kubelet's probes come from the node and are always admitted.
 */
export function desiredClusterNetworkPolicies(cluster: ProfiledTapioCluster): NetworkPolicy[] {
  if (!cluster.spec.security.networkPolicies) return [];
  const platform = resourceName(cluster);
  const nats = componentSelector(cluster, 'nats');
  return [
    ingressPolicy(cluster, {
      name: natsStatefulSetName(cluster),
      component: 'nats',
      podSelector: nats,
      rules: [
        { from: [platformPods(platform, NATS_CLIENTS)], ports: [CLIENT_PORT_NAME] },
        { from: [{ podSelector: { matchLabels: nats } }], ports: [CLUSTER_PORT_NAME] },
        { from: METRICS_SCRAPERS, ports: [MONITOR_PORT_NAME] },
      ],
    }),
    ingressPolicy(cluster, {
      name: gatewayName(cluster),
      component: 'gateway',
      podSelector: componentSelector(cluster, 'gateway'),
      rules: [
        { ports: [HTTP_PORT_NAME] },
        { from: METRICS_SCRAPERS, ports: [METRICS_PORT_NAME] },
      ],
    }),
  ];
}
