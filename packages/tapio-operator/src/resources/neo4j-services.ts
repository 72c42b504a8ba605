import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { childMetadata, componentSelector } from './metadata.ts';
import { NEO4J_PORTS, neo4jClientServiceName, neo4jHeadlessServiceName, type Neo4jPortName } from './neo4j-names.ts';

const ports = (names: readonly Neo4jPortName[]): V1ServicePort[] =>
  names.map((name) => ({ name, port: NEO4J_PORTS[name], targetPort: name, protocol: 'TCP' }));

/**
 * `<intelligence>-neo4j-headless`: each server's DNS name, for discovery, Raft and backups. It
 * publishes servers that are not ready yet: they must find each other to form the cluster that
 * makes them ready.
 */
export function desiredNeo4jHeadlessService(intelligence: DefaultedTapioIntelligence): V1Service | undefined {
  if (intelligence.spec.embedded) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(intelligence, neo4jHeadlessServiceName(intelligence), 'neo4j'),
    spec: {
      clusterIP: 'None',
      publishNotReadyAddresses: true,
      selector: componentSelector(intelligence, 'neo4j'),
      ports: ports(['http', 'bolt', 'cluster', 'raft', 'routing', 'backup']),
    },
  };
}

/** `<intelligence>-neo4j`: Bolt and HTTP of the ready servers, for the correlation service; metrics for Prometheus. */
export function desiredNeo4jClientService(intelligence: DefaultedTapioIntelligence): V1Service | undefined {
  if (intelligence.spec.embedded) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(intelligence, neo4jClientServiceName(intelligence), 'neo4j'),
    spec: { type: 'ClusterIP', selector: componentSelector(intelligence, 'neo4j'), ports: ports(['http', 'bolt', 'metrics']) },
  };
}
