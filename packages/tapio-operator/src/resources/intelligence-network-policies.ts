import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { correlationDeploymentName } from './correlation-deployment.ts';
import { HTTP_PORT_NAME, METRICS_PORT_NAME } from './pods.ts';
import { componentSelector, platformName } from './metadata.ts';
import { neo4jStatefulSetName, type Neo4jPortName } from './neo4j-names.ts';
import { ingressPolicy, METRICS_SCRAPERS, platformPods, type NetworkPolicy } from './network-policy.ts';

const NEO4J_CLUSTER_PORTS: Neo4jPortName[] = ['cluster', 'raft', 'routing'];

/**
 * When networkPolicies is on:
 * - Neo4j admits this intelligence's correlation service on Bolt and HTTP, its own servers on the
 *   cluster ports, its backup Jobs on the backup port, and metrics scrapers on the metrics port;
 * - the correlation service admits the platform's API gateway on its API port and metrics scrapers.
 */
export function desiredIntelligenceNetworkPolicies(intelligence: DefaultedTapioIntelligence): NetworkPolicy[] {
  if (!intelligence.spec.networkPolicies) return [];
  const correlation = ingressPolicy(intelligence, {
    name: correlationDeploymentName(intelligence),
    component: 'correlation',
    podSelector: componentSelector(intelligence, 'correlation'),
    rules: [
      { from: [platformPods(platformName(intelligence), ['gateway'])], ports: [HTTP_PORT_NAME] },
      { from: METRICS_SCRAPERS, ports: [METRICS_PORT_NAME] },
    ],
  });
  if (intelligence.spec.embedded) return [correlation];
  const neo4j = componentSelector(intelligence, 'neo4j');
  return [
    ingressPolicy(intelligence, {
      name: neo4jStatefulSetName(intelligence),
      component: 'neo4j',
      podSelector: neo4j,
      rules: [
        { from: [{ podSelector: { matchLabels: componentSelector(intelligence, 'correlation') } }], ports: ['bolt', 'http'] },
        { from: [{ podSelector: { matchLabels: neo4j } }], ports: NEO4J_CLUSTER_PORTS },
        { from: [{ podSelector: { matchLabels: componentSelector(intelligence, 'neo4j-backup') } }], ports: ['backup'] },
        { from: METRICS_SCRAPERS, ports: ['metrics'] },
      ],
    }),
    correlation,
  ];
}
