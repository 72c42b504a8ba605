import { mergeLabels, type ServiceMonitor } from '@operators/k8s-common';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { SERVICE_ROLE_LABEL } from '../api/v1alpha1/tickstorm.ts';
import { childMetadata, serverSelectorLabels, serviceMonitorName } from './metadata.ts';
import { METRICS_PORT_NAME } from './ports.ts';
import { CLIENT_SERVICE_ROLE } from './services.ts';

/**
 * `<name>`, the seed's ServiceMonitor: the metrics port of <name>-service. Undefined unless
 * metrics.serviceMonitor.enabled; whether its CRD is installed is the reconciler's question.
 */
export function desiredServiceMonitor(tickStorm: DefaultedTickStorm): ServiceMonitor | undefined {
  const { serviceMonitor } = tickStorm.spec.metrics;
  if (!serviceMonitor.enabled) return undefined;
  const metadata = childMetadata(tickStorm, serviceMonitorName(tickStorm));
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { ...metadata, labels: mergeLabels(serviceMonitor.labels, metadata.labels) },
    spec: {
      // The headless Service selects the same pods but has no metrics port; the role label keeps it out.
      selector: { matchLabels: { ...serverSelectorLabels(tickStorm), [SERVICE_ROLE_LABEL]: CLIENT_SERVICE_ROLE } },
      endpoints: [{ port: METRICS_PORT_NAME, path: serviceMonitor.path, interval: serviceMonitor.interval, scheme: 'http' }],
    },
  };
}
