import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import { collectorComponent, collectorSelector, collectorWorkloadName } from './collector-pods.ts';
import { METRICS_PORT_NAME } from './pods.ts';
import { ingressPolicy, METRICS_SCRAPERS, type NetworkPolicy } from './network-policy.ts';

/**
 * A collector only sends (to NATS); nothing needs to reach it but metrics scrapers. (The CNI
 * collector runs in the node's network, where NetworkPolicies do not apply.)
 */
export function desiredCollectorNetworkPolicy(collector: DefaultedTapioCollector): NetworkPolicy | undefined {
  if (!collector.spec.networkPolicies) return undefined;
  return ingressPolicy(collector, {
    name: collectorWorkloadName(collector),
    component: collectorComponent(collector),
    podSelector: collectorSelector(collector),
    rules: [{ from: METRICS_SCRAPERS, ports: [METRICS_PORT_NAME] }],
  });
}
