import type { V1Service } from '@kubernetes/client-node';
import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import { collectorMetadata, collectorMetricsPort, collectorSelector, collectorWorkloadName } from './collector-pods.ts';
import { METRICS_PORT_NAME } from './pods.ts';

/** `<collector>-metrics`: at most 63 characters, hence MAX_COLLECTOR_NAME_LENGTH. */
export const collectorMetricsServiceName = (collector: DefaultedTapioCollector): string => `${collectorWorkloadName(collector)}-metrics`;

/** Headless: Prometheus scrapes every collector pod, which a load-balanced address would hide. */
export function desiredCollectorMetricsService(collector: DefaultedTapioCollector): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: collectorMetadata(collector, collectorMetricsServiceName(collector)),
    spec: {
      clusterIP: 'None',
      selector: collectorSelector(collector),
      ports: [{ name: METRICS_PORT_NAME, port: collectorMetricsPort(collector.spec.type), targetPort: METRICS_PORT_NAME, protocol: 'TCP' }],
    },
  };
}
