import type { V1Service } from '@kubernetes/client-node';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { appSelectorLabels, childMetadata, serviceName } from './metadata.ts';

/** Port names shared by the container, the Service, the ServiceMonitor and the probes. */
export const METRICS_PORT_NAME = 'metrics';

/** `https` when the app port serves TLS, so that meshes and ingress controllers that read port names pick the right protocol. */
export function appPortName(app: StoredCycloneApp): string {
  return app.spec.tls.enabled ? 'https' : 'http';
}

/** `<app>-service`, the name the seed port-forwards to: the app port and the metrics port (9090). Only ready pods receive traffic. */
export function desiredService(app: StoredCycloneApp): V1Service {
  const { port, metricsPort } = app.spec;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(app, serviceName(app)),
    spec: {
      type: 'ClusterIP',
      selector: appSelectorLabels(app),
      ports: [
        { name: appPortName(app), port, targetPort: appPortName(app), protocol: 'TCP' },
        { name: METRICS_PORT_NAME, port: metricsPort, targetPort: METRICS_PORT_NAME, protocol: 'TCP' },
      ],
    },
  };
}
