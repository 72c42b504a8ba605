import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { SERVICE_ROLE_LABEL } from '../api/v1alpha1/tickstorm.ts';
import { childMetadata, clientServiceName, headlessServiceName, serverSelectorLabels } from './metadata.ts';
import { CLIENT_PORT_NAME, METRICS_PORT_NAME } from './ports.ts';

export const CLIENT_SERVICE_ROLE = 'client';
export const HEADLESS_SERVICE_ROLE = 'headless';

function clientPort(tickStorm: DefaultedTickStorm): V1ServicePort {
  return { name: CLIENT_PORT_NAME, port: tickStorm.spec.service.port, targetPort: CLIENT_PORT_NAME, protocol: 'TCP' };
}

/**
 * `<name>-service`: where clients connect (the seed's LoadBalancer), with the metrics port beside the
 * client port as the seed has it (`kubectl port-forward svc/tick-storm-service 9090:9090`); the
 * NetworkPolicy, when on, admits only networkPolicy.metricsFrom to it.
 */
export function desiredClientService(tickStorm: DefaultedTickStorm): V1Service {
  const { service, metrics } = tickStorm.spec;
  const metadata = childMetadata(tickStorm, clientServiceName(tickStorm), { [SERVICE_ROLE_LABEL]: CLIENT_SERVICE_ROLE });
  const external = service.type !== 'ClusterIP';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { ...metadata, ...(service.annotations ? { annotations: { ...service.annotations } } : {}) },
    spec: {
      type: service.type,
      selector: serverSelectorLabels(tickStorm),
      ports: [clientPort(tickStorm), { name: METRICS_PORT_NAME, port: metrics.port, targetPort: METRICS_PORT_NAME, protocol: 'TCP' }],
      sessionAffinity: 'None',
      ...(service.type === 'LoadBalancer' && service.loadBalancerSourceRanges ? { loadBalancerSourceRanges: [...service.loadBalancerSourceRanges] } : {}),
      // The API server rejects the field on a ClusterIP Service.
      ...(external && service.externalTrafficPolicy ? { externalTrafficPolicy: service.externalTrafficPolicy } : {}),
    },
  };
}

/** `<name>-headless`: one DNS record per ready pod, for clients that spread connections themselves (the seed's headless Service). */
export function desiredHeadlessService(tickStorm: DefaultedTickStorm): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: childMetadata(tickStorm, headlessServiceName(tickStorm), { [SERVICE_ROLE_LABEL]: HEADLESS_SERVICE_ROLE }),
    spec: {
      type: 'ClusterIP',
      clusterIP: 'None',
      selector: serverSelectorLabels(tickStorm),
      ports: [clientPort(tickStorm)],
    },
  };
}
