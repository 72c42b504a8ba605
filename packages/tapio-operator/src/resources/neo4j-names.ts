// Names, ports and addresses of a TapioIntelligence's Neo4j.
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { resourceName, resourceNamespace } from './metadata.ts';

export const NEO4J_PORTS = {
  http: 7474,
  bolt: 7687,
  // Neo4j 5 cluster traffic: discovery (v2), Raft, transactions/routing between servers.
  cluster: 6000,
  raft: 7000,
  routing: 7688,
  backup: 6362,
  metrics: 2004,
} as const;
export type Neo4jPortName = keyof typeof NEO4J_PORTS;

/** Pods are `<intelligence>-neo4j-<ordinal>`, claims `data-<intelligence>-neo4j-<ordinal>`. */
export const neo4jStatefulSetName = (intelligence: DefaultedTapioIntelligence): string => `${resourceName(intelligence)}-neo4j`;
export const neo4jClientServiceName = (intelligence: DefaultedTapioIntelligence): string => neo4jStatefulSetName(intelligence);
export const neo4jHeadlessServiceName = (intelligence: DefaultedTapioIntelligence): string => `${neo4jStatefulSetName(intelligence)}-headless`;
export const neo4jAuthSecretName = (intelligence: DefaultedTapioIntelligence): string => `${neo4jStatefulSetName(intelligence)}-auth`;
export const NEO4J_DATA_VOLUME = 'data';
/** The claim the StatefulSet makes for server `ordinal`; a restore creates it first when it does not exist. */
export const neo4jDataClaimName = (intelligence: DefaultedTapioIntelligence, ordinal: number): string =>
  `${NEO4J_DATA_VOLUME}-${neo4jStatefulSetName(intelligence)}-${ordinal}`;

/** `<intelligence>-neo4j-<n>.<intelligence>-neo4j-headless.<namespace>.svc`: one server's stable DNS name. */
export function neo4jServerAddress(intelligence: DefaultedTapioIntelligence, ordinal: number): string {
  return `${neo4jStatefulSetName(intelligence)}-${ordinal}.${neo4jHeadlessServiceName(intelligence)}.${resourceNamespace(intelligence)}.svc`;
}

/** Every server's address with `port`, comma-separated, as Neo4j's discovery and neo4j-admin take them. */
export function neo4jServerList(intelligence: DefaultedTapioIntelligence, port: number): string {
  return Array.from({ length: intelligence.spec.neo4j.replicas }, (_, ordinal) => `${neo4jServerAddress(intelligence, ordinal)}:${port}`).join(',');
}

/** The routing URI the correlation service connects to. */
export function neo4jUri(intelligence: DefaultedTapioIntelligence): string {
  return `neo4j://${neo4jClientServiceName(intelligence)}.${resourceNamespace(intelligence)}.svc:${NEO4J_PORTS.bolt}`;
}
