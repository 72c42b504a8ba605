import type { V1NetworkPolicyPort } from '@kubernetes/client-node';
import type { NetworkPolicy } from '@operators/k8s-common';
import { METRICS_ACCESS_LABEL } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { appSelectorLabels, childMetadata, networkPolicyName } from './metadata.ts';

export type { NetworkPolicy };

/**
 * The seed's `<app>-policy`, when networkPolicy.enabled: the pods accept
 * - on the app port, only what spec.networkPolicy.ingressFrom admits (the seed's ingress-nginx
 *   namespace by default);
 * - on the metrics port, pods labelled `cyclone.dev/metrics-access: "true"` in any namespace and any
 *   pod of a namespace so labelled (Prometheus);
 * and send only DNS queries and what spec.networkPolicy.egressTo allows. The kubelet's probes are not
 * affected (traffic from the pod's own node is always allowed). NetworkPolicies add up: another policy
 * selecting the pods widens this one without the operator undoing it.
 */
export function desiredNetworkPolicy(app: StoredCycloneApp): NetworkPolicy | undefined {
  const { networkPolicy, port, metricsPort } = app.spec;
  if (!networkPolicy.enabled) return undefined;
  const tcp = (number: number): V1NetworkPolicyPort => ({ protocol: 'TCP', port: number });
  const metricsAccess = { matchLabels: { [METRICS_ACCESS_LABEL]: 'true' } };
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMetadata(app, networkPolicyName(app)),
    spec: {
      podSelector: { matchLabels: appSelectorLabels(app) },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: networkPolicy.ingressFrom, ports: [tcp(port)] },
        { from: [{ namespaceSelector: {}, podSelector: metricsAccess }, { namespaceSelector: metricsAccess }], ports: [tcp(metricsPort)] },
      ],
      egress: [
        // Any resolver: kube-dns, NodeLocal DNSCache or the node's own.
        { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] },
        ...(networkPolicy.egressTo ?? []),
      ],
    },
  };
}
