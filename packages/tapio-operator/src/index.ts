export * from './api/v1alpha1/group.ts';
export * from './api/v1alpha1/shared.ts';
export * from './api/v1alpha1/collectors.ts';
export * from './api/v1alpha1/defaults.ts';
export * from './api/v1alpha1/profile.ts';
export * from './api/v1alpha1/validation.ts';
export { tapioClusterCrd, TapioClusterSchema, type TapioCluster, type TapioClusterSpec, type TapioClusterStatus } from './api/v1alpha1/tapiocluster.ts';
export { tapioCollectorCrd, TapioCollectorSchema, type TapioCollector, type TapioCollectorSpec, type TapioCollectorStatus } from './api/v1alpha1/tapiocollector.ts';
export {
  tapioIntelligenceCrd,
  TapioIntelligenceSchema,
  type TapioIntelligence,
  type TapioIntelligenceSpec,
  type TapioIntelligenceStatus,
} from './api/v1alpha1/tapiointelligence.ts';
export * from './config/operator-config.ts';
export * from './resources/autoscaler.ts';
export * from './resources/cluster-collector-deployment.ts';
export * from './resources/cluster-network-policies.ts';
export * from './resources/collector-metrics-service.ts';
export * from './resources/collector-network-policy.ts';
export * from './resources/collector-pods.ts';
export * from './resources/collector-rbac.ts';
export * from './resources/collector-vpa.ts';
export * from './resources/correlation-deployment.ts';
export * from './resources/correlation-names.ts';
export * from './resources/correlation-service.ts';
export * from './resources/deployment-tracks.ts';
export * from './resources/disruption-budget.ts';
export * from './resources/gateway-config.ts';
export * from './resources/gateway-deployment.ts';
export * from './resources/gateway-service.ts';
export * from './resources/graph-volume.ts';
export * from './resources/intelligence-network-policies.ts';
export * from './resources/metadata.ts';
export * from './resources/namespace-pod-security.ts';
export * from './resources/nats-config.ts';
export * from './resources/nats-credentials.ts';
export * from './resources/nats-names.ts';
export * from './resources/nats-services.ts';
export * from './resources/nats-statefulset.ts';
export * from './resources/neo4j-auth-secret.ts';
export * from './resources/neo4j-backup.ts';
export * from './resources/neo4j-names.ts';
export * from './resources/neo4j-restore.ts';
export * from './resources/neo4j-services.ts';
export * from './resources/neo4j-statefulset.ts';
export * from './resources/network-policy.ts';
export * from './resources/node-collector-daemonset.ts';
export * from './resources/pods.ts';
export * from './resources/tapio-children.ts';
export * from './rollout/canary.ts';
export * from './rollout/restore.ts';
export * from './status/backup-status.ts';
export * from './status/child-verdict.ts';
export * from './status/cluster-status.ts';
export * from './status/collector-status.ts';
export * from './status/conditions.ts';
export * from './status/intelligence-status.ts';
