import type {
  V1LabelSelector,
  V1NetworkPolicy,
  V1NetworkPolicyEgressRule,
  V1NetworkPolicyIngressRule,
  V1NetworkPolicyPeer,
  V1NetworkPolicySpec,
  V1ObjectMeta,
} from '@kubernetes/client-node';

/**
 * V1NetworkPolicy as it goes over the wire. @kubernetes/client-node's generated type spells the
 * peers `_from` (`from` is reserved to its generator) and only its ObjectSerializer renames them;
 * an object sent as plain JSON, as server-side apply does, must say `from`.
 */
export type NetworkPolicy = Omit<V1NetworkPolicy, 'spec'> & {
  spec: Omit<V1NetworkPolicySpec, 'ingress' | 'egress'> & {
    ingress?: (Omit<V1NetworkPolicyIngressRule, '_from'> & { from?: V1NetworkPolicyPeer[] })[];
    egress?: V1NetworkPolicyEgressRule[];
  };
};

/** The part of prometheus-operator's monitoring.coreos.com/v1 ServiceMonitor operators write. */
export interface ServiceMonitor {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'ServiceMonitor';
  metadata: V1ObjectMeta;
  spec: {
    selector: V1LabelSelector;
    namespaceSelector?: { any?: boolean; matchNames?: string[] };
    jobLabel?: string;
    endpoints: { port: string; path: string; interval: string; scheme?: 'http' | 'https'; scrapeTimeout?: string }[];
  };
}
