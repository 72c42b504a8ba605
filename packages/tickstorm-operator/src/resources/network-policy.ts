import type { V1NetworkPolicyIngressRule, V1NetworkPolicyPeer } from '@kubernetes/client-node';
import type { NetworkPolicy } from '@operators/k8s-common';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { childMetadata, networkPolicyName, serverSelectorLabels } from './metadata.ts';

type IngressRule = Omit<V1NetworkPolicyIngressRule, '_from'> & { from?: V1NetworkPolicyPeer[] };

/**
 * `<name>-netpol`, the seed's policy: the metrics port from networkPolicy.metricsFrom (the namespace
 * monitoring), the client port from serverFrom (unset: anyone), egress only as networkPolicy.egress
 * allows (none by default). An empty list of peers admits no one: in a NetworkPolicy an empty `from`
 * would admit everyone, so such a rule is left out instead. The kubelet's probes are unaffected.
 * Undefined without spec.networkPolicy, so removing it removes the policy.
 */
export function desiredNetworkPolicy(tickStorm: DefaultedTickStorm): NetworkPolicy | undefined {
  const { networkPolicy, service, metrics } = tickStorm.spec;
  if (!networkPolicy) return undefined;
  const tcp = (port: number) => [{ protocol: 'TCP', port }];
  const ingress: IngressRule[] = [];
  if (networkPolicy.metricsFrom.length > 0) ingress.push({ from: [...networkPolicy.metricsFrom], ports: tcp(metrics.port) });
  if (networkPolicy.serverFrom === undefined) ingress.push({ ports: tcp(service.port) });
  else if (networkPolicy.serverFrom.length > 0) ingress.push({ from: [...networkPolicy.serverFrom], ports: tcp(service.port) });
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMetadata(tickStorm, networkPolicyName(tickStorm)),
    spec: {
      podSelector: { matchLabels: serverSelectorLabels(tickStorm) },
      policyTypes: ['Ingress', 'Egress'],
      ingress,
      egress: [...networkPolicy.egress],
    },
  };
}
