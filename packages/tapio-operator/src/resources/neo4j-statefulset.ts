import type { V1Container, V1EnvVar, V1PersistentVolumeClaim, V1StatefulSet } from '@kubernetes/client-node';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { NEO4J_AUTH_KEY } from './neo4j-auth-secret.ts';
import { childMetadata, componentLabels, componentSelector } from './metadata.ts';
import {
  NEO4J_DATA_VOLUME,
  NEO4J_PORTS,
  neo4jAuthSecretName,
  neo4jHeadlessServiceName,
  neo4jServerList,
  neo4jStatefulSetName,
  type Neo4jPortName,
} from './neo4j-names.ts';
import { chooseResources, highAvailabilityScheduling, restrictedContainerSecurityContext, restrictedPodSecurityContext, sized } from './pods.ts';

export interface Neo4jStatefulSetFacts {
  /** A restore is under way (rollout/restore.ts): no server may run while the restore Jobs write the volumes. */
  stopped: boolean;
}

export const NEO4J_CONTAINER_NAME = 'neo4j';
/** The neo4j user of the official image. */
export const NEO4J_UID = 7474;
export const NEO4J_DATA_DIR = '/data';

const CONTAINER_PORTS: readonly Neo4jPortName[] = ['http', 'bolt', 'cluster', 'raft', 'routing', 'backup', 'metrics'];

/** Neo4j: one server per replica, each with its own volume; a cluster (Enterprise) when there are several. */
export function desiredNeo4jStatefulSet(intelligence: DefaultedTapioIntelligence, facts: Neo4jStatefulSetFacts): V1StatefulSet | undefined {
  const { spec } = intelligence;
  if (spec.embedded) return undefined;
  const selector = componentSelector(intelligence, 'neo4j');
  const scheduling = spec.highAvailability ? highAvailabilityScheduling(selector, { requireSeparateNodes: true }) : undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: childMetadata(intelligence, neo4jStatefulSetName(intelligence), 'neo4j'),
    spec: {
      replicas: facts.stopped ? 0 : spec.neo4j.replicas,
      serviceName: neo4jHeadlessServiceName(intelligence),
      selector: { matchLabels: selector },
      // The servers form the cluster together; OrderedReady would wait for server 0 alone.
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'RollingUpdate' },
      // The graph outlives the TapioIntelligence and a scale-down.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: componentLabels(intelligence, 'neo4j') },
        spec: {
          containers: [neo4jContainer(intelligence)],
          volumes: [{ name: 'logs', emptyDir: {} }],
          ...(scheduling ?? {}),
          // Time for a server to hand over its Raft leadership and flush its transaction log.
          terminationGracePeriodSeconds: 120,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(NEO4J_UID),
        },
      },
      volumeClaimTemplates: [{ metadata: { name: NEO4J_DATA_VOLUME, labels: selector }, spec: neo4jDataClaimSpec(intelligence) }],
    },
  };
}

/** The spec of a server's data volume, shared by the claim template and by the claims a restore makes first. */
export function neo4jDataClaimSpec(intelligence: DefaultedTapioIntelligence): NonNullable<V1PersistentVolumeClaim['spec']> {
  const { neo4j } = intelligence.spec;
  return {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: String(neo4j.storage) } },
    ...(neo4j.storageClass ? { storageClassName: neo4j.storageClass } : {}),
  };
}

function neo4jContainer(intelligence: DefaultedTapioIntelligence): V1Container {
  const { neo4j, lightweight, resources } = intelligence.spec;
  return {
    name: NEO4J_CONTAINER_NAME,
    image: neo4j.image,
    ports: CONTAINER_PORTS.map((name) => ({ name, containerPort: NEO4J_PORTS[name], protocol: 'TCP' })),
    env: neo4jEnvironment(intelligence),
    volumeMounts: [
      { name: NEO4J_DATA_VOLUME, mountPath: NEO4J_DATA_DIR },
      { name: 'logs', mountPath: '/logs' },
    ],
    resources: chooseResources(neo4j.resources, resources, lightweight ? sized('250m', '1Gi', '2Gi') : sized('1', '4Gi', '8Gi')),
    // A server joining a cluster or recovering a large store can take many minutes to serve Bolt.
    startupProbe: { tcpSocket: { port: 'bolt' }, periodSeconds: 10, failureThreshold: 90 },
    readinessProbe: { tcpSocket: { port: 'bolt' }, periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { tcpSocket: { port: 'bolt' }, periodSeconds: 30, failureThreshold: 5 },
    // The image's entrypoint writes neo4j.conf under its home directory at start.
    securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
  };
}

function neo4jEnvironment(intelligence: DefaultedTapioIntelligence): V1EnvVar[] {
  const { neo4j } = intelligence.spec;
  const env: V1EnvVar[] = [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: NEO4J_AUTH_KEY, valueFrom: { secretKeyRef: { name: neo4jAuthSecretName(intelligence), key: NEO4J_AUTH_KEY } } },
    { name: 'NEO4J_ACCEPT_LICENSE_AGREEMENT', value: neo4j.licenseAgreement },
    { name: 'NEO4J_server_default__listen__address', value: '0.0.0.0' },
    { name: 'NEO4J_server_default__advertised__address', value: `$(POD_NAME).${neo4jHeadlessServiceName(intelligence)}` },
    { name: 'NEO4J_server_backup_enabled', value: 'true' },
    { name: 'NEO4J_server_backup_listen__address', value: `0.0.0.0:${NEO4J_PORTS.backup}` },
    { name: 'NEO4J_server_metrics_prometheus_enabled', value: 'true' },
    { name: 'NEO4J_server_metrics_prometheus_endpoint', value: `0.0.0.0:${NEO4J_PORTS.metrics}` },
  ];
  if (neo4j.replicas > 1) {
    env.push(
      { name: 'NEO4J_dbms_cluster_discovery_resolver__type', value: 'LIST' },
      { name: 'NEO4J_dbms_cluster_discovery_version', value: 'V2_ONLY' },
      { name: 'NEO4J_dbms_cluster_discovery_v2_endpoints', value: neo4jServerList(intelligence, NEO4J_PORTS.cluster) },
      { name: 'NEO4J_initial_dbms_default__primaries__count', value: String(neo4j.replicas) },
    );
  }
  return env;
}
