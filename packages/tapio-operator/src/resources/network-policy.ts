// The shape every Tapio NetworkPolicy shares: ingress only (egress stays open: the components reach
// the API server, DNS and each other), admitting named peers on named ports. NetworkPolicies add up,
// so to admit more (another namespace, an ingress controller) create your own policy beside these.
import type { V1NetworkPolicyPeer, V1NetworkPolicyPort } from '@kubernetes/client-node';
import { LABEL_COMPONENT, type NetworkPolicy } from '@operators/k8s-common';
import { CLUSTER_LABEL, METRICS_ACCESS_LABEL } from '../api/v1alpha1/group.ts';
import { childMetadata, type Component, type TapioResource } from './metadata.ts';

export type { NetworkPolicy };

export interface IngressRule {
  from?: V1NetworkPolicyPeer[];
  ports: (number | string)[];
}

export const tcpPorts = (ports: (number | string)[]): V1NetworkPolicyPort[] => ports.map((port) => ({ protocol: 'TCP', port }));

/** Pods, in any namespace, labelled tapio.io/metrics-access=true, and every pod of a namespace so labelled. */
export const METRICS_SCRAPERS: V1NetworkPolicyPeer[] = [
  { namespaceSelector: {}, podSelector: { matchLabels: { [METRICS_ACCESS_LABEL]: 'true' } } },
  { namespaceSelector: { matchLabels: { [METRICS_ACCESS_LABEL]: 'true' } } },
];

/** The platform's pods of the given components, in the same namespace. */
export function platformPods(platform: string, components: readonly Component[]): V1NetworkPolicyPeer {
  return {
    podSelector: {
      matchLabels: { [CLUSTER_LABEL]: platform },
      matchExpressions: [{ key: LABEL_COMPONENT, operator: 'In', values: [...components] }],
    },
  };
}

export function ingressPolicy(
  owner: TapioResource,
  { name, component, podSelector, rules }: { name: string; component: Component; podSelector: Record<string, string>; rules: IngressRule[] },
): NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: childMetadata(owner, name, component),
    spec: {
      podSelector: { matchLabels: podSelector },
      policyTypes: ['Ingress'],
      ingress: rules.map(({ from, ports }) => ({ ...(from ? { from } : {}), ports: tcpPorts(ports) })),
    },
  };
}
