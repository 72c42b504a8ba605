import type { V1ConfigMap } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import { dump } from 'js-yaml';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import {
  BROKER_CONFIG_FILE,
  CA_MOUNT_PATH,
  DATA_MOUNT_PATH,
  METRICS_PATH,
  RAFT_MOUNT_PATH,
  TLS_MOUNT_PATH,
} from './broker-paths.ts';
import { brokerConfigMapName, childMetadata, clusterName, clusterNamespace, headlessServiceName } from './metadata.ts';

type Quotas = NonNullable<DefaultedStreamBusCluster['spec']['multiTenancy']['defaultQuotas']>;

/**
 * The ConfigMap `<cluster>-config` holding broker.yaml. Every broker mounts the same file, so it holds
 * nothing per broker, and nothing that depends on the replica count: a scale-up must not restart the
 * running brokers. Peers are found through the headless Service instead.
 */
export function desiredBrokerConfigMap(cluster: DefaultedStreamBusCluster): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMetadata(cluster, brokerConfigMapName(cluster)),
    data: { [BROKER_CONFIG_FILE]: renderBrokerConfig(cluster) },
  };
}

/** The hash the broker pod template carries: it changes exactly when what the brokers read changes. */
export function brokerConfigHash(configMap: V1ConfigMap): string {
  return stableHash(configMap.data ?? {});
}

function renderBrokerConfig(cluster: DefaultedStreamBusCluster): string {
  const header = `# Rendered by streambus-operator from StreamBusCluster ${clusterNamespace(cluster)}/${clusterName(cluster)}; edit the StreamBusCluster, not this file.\n`;
  // Sorted keys and no line folding: the same spec always renders the same bytes, so the hash is stable.
  return header + dump(brokerConfig(cluster), { sortKeys: true, lineWidth: -1, noRefs: true });
}

function brokerConfig(cluster: DefaultedStreamBusCluster): Record<string, unknown> {
  const { config } = cluster.spec;
  return {
    server: { host: '0.0.0.0', port: config.port, http_port: config.httpPort, grpc_port: config.grpcPort },
    storage: { data_dir: DATA_MOUNT_PATH },
    cluster: {
      raft: { data_dir: RAFT_MOUNT_PATH },
      discovery: { service: `${headlessServiceName(cluster)}.${clusterNamespace(cluster)}.svc`, port: config.grpcPort },
    },
    security: securityConfig(cluster),
    multi_tenancy: multiTenancyConfig(cluster),
    observability: observabilityConfig(cluster),
  };
}

// A disabled feature renders as `enabled: false` alone: settings without effect must not change the
// hash, or editing them would restart every broker for nothing.

function securityConfig(cluster: DefaultedStreamBusCluster): Record<string, unknown> {
  const { tls, authentication, authorization } = cluster.spec.security;
  return {
    // Paths only: the Secrets are mounted into the pod, their contents never reach a ConfigMap.
    tls: tls.enabled
      ? {
          enabled: true,
          cert_file: `${TLS_MOUNT_PATH}/tls.crt`,
          key_file: `${TLS_MOUNT_PATH}/tls.key`,
          ...(tls.caSecretName ? { ca_file: `${CA_MOUNT_PATH}/ca.crt` } : {}),
          client_auth_required: tls.clientAuthRequired,
        }
      : { enabled: false },
    authentication: authentication.enabled
      ? {
          enabled: true,
          method: authentication.method,
          allowed_methods: [...new Set(authentication.allowedMethods ?? (authentication.method ? [authentication.method] : []))].sort(),
        }
      : { enabled: false },
    authorization: authorization.enabled ? { enabled: true, default_policy: authorization.defaultPolicy } : { enabled: false },
  };
}

function multiTenancyConfig(cluster: DefaultedStreamBusCluster): Record<string, unknown> {
  const tenancy = cluster.spec.multiTenancy;
  if (!tenancy.enabled) return { enabled: false };
  // isolation.networkPolicies is absent on purpose: Kubernetes enforces it, not the broker, so
  // toggling it must not restart brokers.
  const overrides = Object.fromEntries((tenancy.tenantOverrides ?? []).map(({ tenantId, quotas }) => [tenantId, quotaConfig(quotas)]));
  return {
    enabled: true,
    isolation: { resource_quotas: tenancy.isolation.resourceQuotas, rate_limiting: tenancy.isolation.rateLimiting },
    default_quotas: quotaConfig(tenancy.defaultQuotas ?? {}),
    tenant_overrides: overrides,
  };
}

function quotaConfig(quotas: Quotas): Record<string, number> {
  const keys: Record<keyof Quotas, string> = {
    maxTopics: 'max_topics',
    maxPartitionsPerTopic: 'max_partitions_per_topic',
    maxConnections: 'max_connections',
    maxBandwidthMBps: 'max_bandwidth_mbps',
    maxStorageGB: 'max_storage_gb',
    maxMessagesPerSecond: 'max_messages_per_second',
  };
  const entries = Object.entries(keys).flatMap(([field, key]) => {
    const value = quotas[field as keyof Quotas];
    return value === undefined ? [] : [[key, value] as const];
  });
  return Object.fromEntries(entries);
}

function observabilityConfig(cluster: DefaultedStreamBusCluster): Record<string, unknown> {
  const { metrics, tracing, logging } = cluster.spec.observability;
  return {
    logging: {
      level: logging.level ?? cluster.spec.config.logLevel,
      format: logging.format,
      include_tenant_context: logging.includeTenantContext,
      audit_log: logging.auditLog.enabled ? { enabled: true, level: logging.auditLog.level } : { enabled: false },
    },
    // The ServiceMonitor settings (serviceMonitor, interval, labels) are Prometheus's business, not the broker's.
    metrics: metrics.enabled ? { enabled: true, path: METRICS_PATH, per_tenant: metrics.perTenantMetrics } : { enabled: false },
    tracing: tracing.enabled
      ? { enabled: true, endpoint: tracing.endpoint, sampling_rate: tracing.samplingRate, include_tenant_id: tracing.includeTenantId }
      : { enabled: false },
  };
}
