import type { V1Service } from '@kubernetes/client-node';
import { CLIENT_PORT_NAME } from '../resources/ports.ts';

/**
 * Where clients connect, from the client Service as the API server returned it: the LoadBalancer's
 * address once the cloud assigned one, else the Service's ClusterIP; with the client port. Undefined
 * before the Service has either.
 */
export function clientEndpoint(service: V1Service | undefined): string | undefined {
  if (!service) return undefined;
  const port = service.spec?.ports?.find((p) => p.name === CLIENT_PORT_NAME)?.port;
  if (port === undefined) return undefined;
  const ingress = service.spec?.type === 'LoadBalancer' ? service.status?.loadBalancer?.ingress?.find((i) => i.ip || i.hostname) : undefined;
  const address = ingress?.ip ?? ingress?.hostname ?? clusterIp(service);
  if (!address) return undefined;
  return `${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/** Whether a LoadBalancer Service still waits for its address (the troubleshooting list's "LoadBalancer pending"). */
export function loadBalancerPending(service: V1Service | undefined): boolean {
  if (service?.spec?.type !== 'LoadBalancer') return false;
  return !(service.status?.loadBalancer?.ingress ?? []).some((i) => i.ip || i.hostname);
}

function clusterIp(service: V1Service): string | undefined {
  const ip = service.spec?.clusterIP;
  return ip && ip !== 'None' ? ip : undefined;
}
