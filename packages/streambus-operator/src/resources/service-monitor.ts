import { mergeLabels, type ServiceMonitor } from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { SERVICE_ROLE_LABEL } from '../api/v1alpha1/streambuscluster.ts';
import { METRICS_PATH } from './broker-paths.ts';
import { brokerSelectorLabels, childMetadata, clusterName } from './metadata.ts';
import { HTTP_PORT_NAME } from './services.ts';

export type { ServiceMonitor };

/** How the ServiceMonitor condition words it (reconcileOptionalChild's options). */
export const SERVICE_MONITOR_WORDING = {
  requestedBy: 'spec.observability.metrics.serviceMonitor is true',
  whenMissing: 'install the Prometheus Operator, or set serviceMonitor to false',
  purpose: "scrapes the brokers' /metrics",
} as const;

/**
 * Scrapes /metrics on the client Service's `http` port. Undefined unless metrics and the ServiceMonitor
 * are both asked for; whether the CRD exists is the reconciler's question.
 */
export function desiredServiceMonitor(cluster: DefaultedStreamBusCluster): ServiceMonitor | undefined {
  const { metrics } = cluster.spec.observability;
  if (!metrics.enabled || !metrics.serviceMonitor) return undefined;
  const metadata = childMetadata(cluster, clusterName(cluster));
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { ...metadata, labels: mergeLabels(metrics.serviceMonitorLabels, metadata.labels) },
    spec: {
      // The headless Service selects the same pods; matching it too would scrape every broker twice.
      selector: { matchLabels: { ...brokerSelectorLabels(cluster), [SERVICE_ROLE_LABEL]: 'client' } },
      endpoints: [{ port: HTTP_PORT_NAME, path: METRICS_PATH, interval: metrics.interval, scheme: 'http' }],
    },
  };
}
