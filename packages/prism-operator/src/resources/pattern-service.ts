import type { V1Service } from '@kubernetes/client-node';
import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import { childMetadata, PATTERN_COMPONENT } from './metadata.ts';
import { HTTP_PORT_NAME, patternSelector } from './pattern-deployment.ts';
import { patternServiceName } from './pattern-names.ts';

/** The Service <pattern> on spec.service.port, routing to ready runners (the seed reaches them at http://<pattern>:8080). */
export function desiredPatternService(pattern: DefaultedPrismPattern): V1Service {
  const { service } = pattern.spec;
  const metadata = childMetadata(pattern, patternServiceName(pattern), PATTERN_COMPONENT);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: service.annotations ? { ...metadata, annotations: { ...service.annotations } } : metadata,
    spec: {
      type: service.type,
      selector: patternSelector(pattern),
      ports: [{ name: HTTP_PORT_NAME, port: service.port, targetPort: HTTP_PORT_NAME, protocol: 'TCP' }],
    },
  };
}
