// The custom resources a TapioCluster is made of: one TapioCollector per enabled collector and one
// TapioIntelligence, owned by it. Their controllers reconcile them as if a user had written them.
import { enabledCollectorTypes } from '../api/v1alpha1/collectors.ts';
import { API_VERSION, BACKUP_NOW_ANNOTATION, FORCE_RECONCILE_ANNOTATION, PAUSE_RECONCILIATION_ANNOTATION, type CollectorType } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import type { TapioCollector } from '../api/v1alpha1/tapiocollector.ts';
import type { TapioIntelligence } from '../api/v1alpha1/tapiointelligence.ts';
import { childMetadata, resourceName } from './metadata.ts';
import { NATS_USER_ANNOTATION } from './nats-credentials.ts';
import { natsCredentialsSecretName, natsUrl } from './nats-names.ts';

export const collectorName = (cluster: ProfiledTapioCluster, type: CollectorType): string => `${resourceName(cluster)}-${type}`;
/** The TapioIntelligence has the cluster's name, so its children are `<cluster>-neo4j`, `<cluster>-correlation`. */
export const intelligenceName = (cluster: ProfiledTapioCluster): string => resourceName(cluster);

/**
 * Annotations the cluster passes on, so that pausing it, forcing its reconcile or asking it for a
 * backup reaches the children that do the work.
 */
function inheritedAnnotations(cluster: ProfiledTapioCluster, keys: readonly string[], facts: ChildFacts): Record<string, string> | undefined {
  const annotations = cluster.metadata.annotations ?? {};
  const inherited = Object.fromEntries(keys.flatMap((key) => (annotations[key] !== undefined ? [[key, annotations[key]]] : [])));
  // Their pods connect to NATS as this user: a new one (a credentials rotation) rolls them.
  if (facts.natsUser !== undefined) inherited[NATS_USER_ANNOTATION] = facts.natsUser;
  return Object.keys(inherited).length > 0 ? inherited : undefined;
}

/** What the reconciler read: the NATS user the clients connect as (the credentials Secret's). */
export interface ChildFacts {
  natsUser?: string;
}

const COMMON_ANNOTATIONS = [PAUSE_RECONCILIATION_ANNOTATION, FORCE_RECONCILE_ANNOTATION];

export function desiredTapioCollectors(cluster: ProfiledTapioCluster, facts: ChildFacts = {}): TapioCollector[] {
  return enabledCollectorTypes(cluster.spec.collectors).map((type) => desiredTapioCollector(cluster, type, facts));
}

export function desiredTapioCollector(cluster: ProfiledTapioCluster, type: CollectorType, facts: ChildFacts = {}): TapioCollector {
  const { spec } = cluster;
  const options = spec.collectorOptions;
  const annotations = inheritedAnnotations(cluster, COMMON_ANNOTATIONS, facts);
  const isNodeCollector = type === 'ebpf' || type === 'systemd' || type === 'cni';
  return {
    apiVersion: API_VERSION,
    kind: 'TapioCollector',
    metadata: { ...childMetadata(cluster, collectorName(cluster, type), `${type}-collector`), ...(annotations ? { annotations } : {}) },
    spec: {
      type,
      version: spec.version,
      imageRegistry: spec.imageRegistry,
      natsUrl: natsUrl(cluster),
      natsCredentialsSecretName: natsCredentialsSecretName(cluster),
      lightweight: spec.lightweight,
      ...(isNodeCollector && options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      ...(isNodeCollector && options.tolerations ? { tolerations: options.tolerations } : {}),
      ...(type === 'etcd' && options.etcd ? { etcd: options.etcd } : {}),
      verticalAutoscaling: options.verticalAutoscaling,
      networkPolicies: spec.security.networkPolicies,
      monitoring: spec.monitoring,
    },
  };
}

export function desiredTapioIntelligence(cluster: ProfiledTapioCluster, facts: ChildFacts = {}): TapioIntelligence {
  const { spec } = cluster;
  const { intelligence } = spec;
  const annotations = inheritedAnnotations(cluster, [...COMMON_ANNOTATIONS, BACKUP_NOW_ANNOTATION], facts);
  return {
    apiVersion: API_VERSION,
    kind: 'TapioIntelligence',
    metadata: { ...childMetadata(cluster, intelligenceName(cluster), 'intelligence'), ...(annotations ? { annotations } : {}) },
    spec: {
      version: spec.version,
      imageRegistry: spec.imageRegistry,
      natsUrl: natsUrl(cluster),
      natsCredentialsSecretName: natsCredentialsSecretName(cluster),
      highAvailability: spec.highAvailability,
      lightweight: spec.lightweight,
      embedded: intelligence.embedded,
      embeddedStorage: intelligence.embeddedStorage,
      // Copied as the profile left them: with the embedded graph database Neo4j's size stays unset.
      neo4j: intelligence.neo4j,
      correlation: intelligence.correlation,
      ...(spec.resources ? { resources: spec.resources } : {}),
      networkPolicies: spec.security.networkPolicies,
      monitoring: spec.monitoring,
    },
  };
}
