// Names and addresses of a TapioIntelligence's correlation service, which the gateway calls.

export const CORRELATION_HTTP_PORT = 8080;
export const CORRELATION_METRICS_PORT = 9090;

export const correlationName = (intelligenceName: string): string => `${intelligenceName}-correlation`;

export function correlationServiceUrl(intelligenceName: string, namespace: string): string {
  return `http://${correlationName(intelligenceName)}.${namespace}.svc:${CORRELATION_HTTP_PORT}`;
}
