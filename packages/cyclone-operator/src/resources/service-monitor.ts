import { mergeLabels, type ServiceMonitor } from '@operators/k8s-common';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { appSelectorLabels, childMetadata, serviceMonitorName } from './metadata.ts';
import { METRICS_PATH } from './paths.ts';
import { METRICS_PORT_NAME } from './service.ts';

export type { ServiceMonitor };

/**
 * Scrapes /metrics on the Service's metrics port. Undefined unless asked for; whether the CRD is
 * served is the reconciler's question (discovery).
 */
export function desiredServiceMonitor(app: StoredCycloneApp): ServiceMonitor | undefined {
  const { metrics } = app.spec.observability;
  if (!metrics.serviceMonitor) return undefined;
  const metadata = childMetadata(app, serviceMonitorName(app));
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { ...metadata, labels: mergeLabels(metrics.serviceMonitorLabels, metadata.labels) },
    spec: {
      selector: { matchLabels: appSelectorLabels(app) },
      endpoints: [{ port: METRICS_PORT_NAME, path: METRICS_PATH, interval: metrics.interval, scheme: 'http' }],
    },
  };
}
