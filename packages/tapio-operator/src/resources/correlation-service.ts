import type { V1Service } from '@kubernetes/client-node';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { CORRELATION_HTTP_PORT, CORRELATION_METRICS_PORT } from './correlation-names.ts';
import { correlationDeploymentName } from './correlation-deployment.ts';
import { HTTP_PORT_NAME, METRICS_PORT_NAME } from './pods.ts';
import { childMetadata, componentSelector } from './metadata.ts';

/** `<intelligence>-correlation`: the gateway's upstream; it selects the stable and canary pods alike. */
export function desiredCorrelationService(intelligence: DefaultedTapioIntelligence): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(intelligence, correlationDeploymentName(intelligence), 'correlation'),
    spec: {
      type: 'ClusterIP',
      selector: componentSelector(intelligence, 'correlation'),
      ports: [
        { name: HTTP_PORT_NAME, port: CORRELATION_HTTP_PORT, targetPort: HTTP_PORT_NAME, protocol: 'TCP' },
        { name: METRICS_PORT_NAME, port: CORRELATION_METRICS_PORT, targetPort: METRICS_PORT_NAME, protocol: 'TCP' },
      ],
    },
  };
}
