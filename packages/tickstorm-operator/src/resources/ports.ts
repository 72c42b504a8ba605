/** Port names shared by the container, both Services, the ServiceMonitor and the probes (the seed's names). */
export const CLIENT_PORT_NAME = 'tcp';
export const METRICS_PORT_NAME = 'metrics';
