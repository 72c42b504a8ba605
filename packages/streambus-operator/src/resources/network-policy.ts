import type { V1NetworkPolicyPort } from '@kubernetes/client-node';
import type { NetworkPolicy } from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { METRICS_ACCESS_LABEL } from '../api/v1alpha1/streambuscluster.ts';
import { brokerSelectorLabels, childMetadata, clusterName } from './metadata.ts';

export type { NetworkPolicy };

/**
 * When multiTenancy.isolation.networkPolicies is on, the broker pods accept ingress only from:
 * - the cluster's own brokers, on every broker port (replication, Raft, forwarding);
 * - any pod of the cluster's namespace, on the client and gRPC ports;
 * - pods labelled `streambus.io/metrics-access: "true"` in any namespace, and any pod of a namespace
 *   so labelled, on the HTTP port (metrics).
 * The kubelet's probes are unaffected: traffic from the pod's own node is always allowed.
 *
 * To admit more clients (another namespace, an ingress controller), create your own NetworkPolicy
 * that selects the broker pods (`app.kubernetes.io/instance: <cluster>`,
 * `app.kubernetes.io/name: streambus-broker`) and allows them: NetworkPolicies add up, so the
 * operator's policy does not need to change and will not undo yours.
 *
 * Returns [] when the isolation is off.
 */
export function desiredNetworkPolicies(cluster: DefaultedStreamBusCluster): NetworkPolicy[] {
  const { multiTenancy, config } = cluster.spec;
  if (!multiTenancy.enabled || !multiTenancy.isolation.networkPolicies) return [];
  const brokers = brokerSelectorLabels(cluster);
  const tcp = (port: number): V1NetworkPolicyPort => ({ protocol: 'TCP', port });
  const metricsAccess = { matchLabels: { [METRICS_ACCESS_LABEL]: 'true' } };
  return [
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: childMetadata(cluster, `${clusterName(cluster)}-brokers`),
      spec: {
        podSelector: { matchLabels: brokers },
        policyTypes: ['Ingress'],
        ingress: [
          { from: [{ podSelector: { matchLabels: brokers } }], ports: [tcp(config.port), tcp(config.httpPort), tcp(config.grpcPort)] },
          { from: [{ podSelector: {} }], ports: [tcp(config.port), tcp(config.grpcPort)] },
          {
            from: [{ namespaceSelector: {}, podSelector: metricsAccess }, { namespaceSelector: metricsAccess }],
            ports: [tcp(config.httpPort)],
          },
        ],
      },
    },
  ];
}
