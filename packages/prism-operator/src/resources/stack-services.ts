// The Services <stack>-proxy and <stack>-admin.
import type { V1Service } from '@kubernetes/client-node';
import type { DefaultedAdmin, DefaultedPrismStack, DefaultedProxy } from '../api/v1alpha1/defaults.ts';
import { ADMIN_COMPONENT, childMetadata, PROXY_COMPONENT } from './metadata.ts';
import { adminSelector, GRPC_PORT_NAME, METRICS_PORT_NAME, proxySelector } from './stack-deployments.ts';
import { adminName, proxyName } from './stack-names.ts';

export function desiredProxyService(stack: DefaultedPrismStack): V1Service {
  return componentService(stack, proxyName(stack), PROXY_COMPONENT, stack.spec.proxy, proxySelector(stack));
}

/** Undefined when spec.admin.enabled is false. */
export function desiredAdminService(stack: DefaultedPrismStack): V1Service | undefined {
  if (!stack.spec.admin.enabled) return undefined;
  return componentService(stack, adminName(stack), ADMIN_COMPONENT, stack.spec.admin, adminSelector(stack));
}

function componentService(stack: DefaultedPrismStack, name: string, component: string, settings: DefaultedProxy | DefaultedAdmin, selector: Record<string, string>): V1Service {
  const metadata = childMetadata(stack, name, component);
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: settings.service.annotations ? { ...metadata, annotations: { ...settings.service.annotations } } : metadata,
    spec: {
      type: settings.service.type,
      selector,
      ports: [
        { name: GRPC_PORT_NAME, port: settings.port, targetPort: GRPC_PORT_NAME, protocol: 'TCP' },
        { name: METRICS_PORT_NAME, port: stack.spec.observability.metrics.port, targetPort: METRICS_PORT_NAME, protocol: 'TCP' },
      ],
    },
  };
}
