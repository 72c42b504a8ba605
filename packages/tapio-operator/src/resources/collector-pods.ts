// What every collector's pod shares, DaemonSet or Deployment: its image, where it publishes, its
// metrics port, probes and placement.
import type { V1Container, V1EnvVar, V1PodTemplateSpec, V1Toleration } from '@kubernetes/client-node';
import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import type { CollectorType } from '../api/v1alpha1/group.ts';
import { childMetadata, componentLabels, componentSelector, resourceName, type Component } from './metadata.ts';
import { NATS_PASSWORD_KEY, NATS_USERNAME_KEY, natsClientPodAnnotations } from './nats-credentials.ts';
import {
  chooseResources,
  sized,
  tapioImage,
  METRICS_PORT_NAME,
} from './pods.ts';

export const COLLECTOR_CONTAINER_NAME = 'collector';
/** The CNI collector shares its node's network, where 9090 is often taken; 9465 rarely is. */
export const collectorMetricsPort = (type: CollectorType): number => (type === 'cni' ? 9465 : 9090);

export const collectorComponent = (collector: DefaultedTapioCollector): Component => `${collector.spec.type}-collector`;
export const collectorWorkloadName = (collector: DefaultedTapioCollector): string => resourceName(collector);

export function collectorSelector(collector: DefaultedTapioCollector): Record<string, string> {
  return componentSelector(collector, collectorComponent(collector));
}

export function collectorMetadata(collector: DefaultedTapioCollector, name = collectorWorkloadName(collector)) {
  return childMetadata(collector, name, collectorComponent(collector));
}

/** A node collector observes every node unless told otherwise: it tolerates every taint. */
export const TOLERATE_EVERYTHING: V1Toleration[] = [{ operator: 'Exists' }];

/** The collector container without what is particular to its type (volumes, security context). */
export function baseCollectorContainer(collector: DefaultedTapioCollector): V1Container {
  const { spec } = collector;
  const port = collectorMetricsPort(spec.type);
  return {
    name: COLLECTOR_CONTAINER_NAME,
    image: tapioImage(spec.imageRegistry, `${spec.type}-collector`, spec.version),
    ports: [{ name: METRICS_PORT_NAME, containerPort: port, protocol: 'TCP' }],
    env: collectorEnvironment(collector, port),
    resources: chooseResources(spec.resources, undefined, spec.lightweight ? sized('25m', '32Mi', '128Mi') : sized('100m', '128Mi', '512Mi')),
    readinessProbe: { httpGet: { path: '/readyz', port: METRICS_PORT_NAME }, periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: METRICS_PORT_NAME }, periodSeconds: 20, failureThreshold: 3 },
  };
}

function collectorEnvironment(collector: DefaultedTapioCollector, metricsPort: number): V1EnvVar[] {
  const { natsUrl, natsCredentialsSecretName: secret } = collector.spec;
  const fromSecret = (name: string, secretName: string, key: string): V1EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secretName, key } } });
  return [
    { name: 'TAPIO_NATS_URL', value: natsUrl },
    ...(secret ? [fromSecret('TAPIO_NATS_USER', secret, NATS_USERNAME_KEY), fromSecret('TAPIO_NATS_PASSWORD', secret, NATS_PASSWORD_KEY)] : []),
    { name: 'TAPIO_METRICS_ADDRESS', value: `:${metricsPort}` },
    { name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
  ];
}

/**
 * The pod template metadata: every label, so the metrics Service and NetworkPolicies select the pods,
 * and the NATS user they connect as (clientPodAnnotations).
 */
export function collectorPodMetadata(collector: DefaultedTapioCollector): V1PodTemplateSpec['metadata'] {
  const annotations = natsClientPodAnnotations(collector);
  return { labels: componentLabels(collector, collectorComponent(collector)), ...(annotations ? { annotations } : {}) };
}
