import type { V1Container, V1Deployment, V1EnvVar, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { CORRELATION_HTTP_PORT, CORRELATION_METRICS_PORT, correlationName } from './correlation-names.ts';
import { stableDeployment } from './deployment-tracks.ts';
import { graphVolumeClaimName } from './graph-volume.ts';
import { childMetadata, componentLabels, componentSelector, resourceName } from './metadata.ts';
import { NATS_PASSWORD_KEY, NATS_USERNAME_KEY, natsClientPodAnnotations } from './nats-credentials.ts';
import { NEO4J_PASSWORD_KEY, NEO4J_USERNAME_KEY } from './neo4j-auth-secret.ts';
import { neo4jAuthSecretName, neo4jUri } from './neo4j-names.ts';
import {
  chooseResources,
  highAvailabilityScheduling,
  restrictedContainerSecurityContext,
  sized,
  tapioImage,
  TMP_MOUNT,
  TMP_VOLUME,
  HTTP_PORT_NAME,
  METRICS_PORT_NAME,
} from './pods.ts';

export const CORRELATION_CONTAINER_NAME = 'correlation';
const GRAPH_DIR = '/var/lib/tapio/graph';

export const correlationDeploymentName = (intelligence: DefaultedTapioIntelligence): string => correlationName(resourceName(intelligence));

/**
 * The stable correlation Deployment `<intelligence>-correlation`. With autoscaling on it leaves
 * `replicas` to the HorizontalPodAutoscaler; the canary beside it comes from desiredCanaryDeployment.
 */
export function desiredCorrelationDeployment(intelligence: DefaultedTapioIntelligence): V1Deployment {
  const { spec } = intelligence;
  const selector = componentSelector(intelligence, 'correlation');
  const scheduling = spec.highAvailability ? highAvailabilityScheduling(selector, { requireSeparateNodes: false }) : undefined;
  const podAnnotations = natsClientPodAnnotations(intelligence);
  return stableDeployment({
    metadata: childMetadata(intelligence, correlationDeploymentName(intelligence), 'correlation'),
    replicas: spec.correlation.autoscaling.enabled ? undefined : spec.correlation.replicas,
    selector,
    podLabels: componentLabels(intelligence, 'correlation'),
    ...(podAnnotations ? { podAnnotations } : {}),
    // The embedded graph lives on a ReadWriteOnce volume: the old pod must let go of it before the
    // new one can start. With Neo4j, never fewer ready pods than asked for.
    strategy: spec.embedded ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    containers: [correlationContainer(intelligence)],
    volumes: correlationVolumes(intelligence),
    ...(scheduling ? { scheduling } : {}),
  });
}

function correlationContainer(intelligence: DefaultedTapioIntelligence): V1Container {
  const { correlation, lightweight, resources, imageRegistry, version } = intelligence.spec;
  return {
    name: CORRELATION_CONTAINER_NAME,
    image: tapioImage(imageRegistry, 'correlation', version),
    ports: [
      { name: HTTP_PORT_NAME, containerPort: CORRELATION_HTTP_PORT, protocol: 'TCP' },
      { name: METRICS_PORT_NAME, containerPort: CORRELATION_METRICS_PORT, protocol: 'TCP' },
    ],
    env: correlationEnvironment(intelligence),
    volumeMounts: correlationMounts(intelligence),
    resources: chooseResources(correlation.resources, resources, lightweight ? sized('100m', '256Mi', '512Mi') : sized('500m', '1Gi', '4Gi')),
    readinessProbe: { httpGet: { path: '/readyz', port: METRICS_PORT_NAME }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: METRICS_PORT_NAME }, periodSeconds: 10, failureThreshold: 3 },
    // Loading the embedded graph, or connecting to a Neo4j cluster still forming, takes a while.
    startupProbe: { httpGet: { path: '/healthz', port: METRICS_PORT_NAME }, periodSeconds: 10, failureThreshold: 30 },
    securityContext: restrictedContainerSecurityContext(),
  };
}

function correlationEnvironment(intelligence: DefaultedTapioIntelligence): V1EnvVar[] {
  const { spec } = intelligence;
  const fromSecret = (name: string, secret: string, key: string): V1EnvVar => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
  const nats = spec.natsCredentialsSecretName;
  const neo4jSecret = neo4jAuthSecretName(intelligence);
  return [
    { name: 'TAPIO_NATS_URL', value: spec.natsUrl },
    ...(nats ? [fromSecret('TAPIO_NATS_USER', nats, NATS_USERNAME_KEY), fromSecret('TAPIO_NATS_PASSWORD', nats, NATS_PASSWORD_KEY)] : []),
    ...(spec.embedded
      ? [
          { name: 'TAPIO_GRAPH_BACKEND', value: 'embedded' },
          { name: 'TAPIO_GRAPH_PATH', value: GRAPH_DIR },
        ]
      : [
          { name: 'TAPIO_GRAPH_BACKEND', value: 'neo4j' },
          { name: 'TAPIO_NEO4J_URI', value: neo4jUri(intelligence) },
          fromSecret('TAPIO_NEO4J_USER', neo4jSecret, NEO4J_USERNAME_KEY),
          fromSecret('TAPIO_NEO4J_PASSWORD', neo4jSecret, NEO4J_PASSWORD_KEY),
        ]),
    { name: 'TAPIO_HTTP_ADDRESS', value: `:${CORRELATION_HTTP_PORT}` },
    { name: 'TAPIO_METRICS_ADDRESS', value: `:${CORRELATION_METRICS_PORT}` },
  ];
}

function correlationMounts(intelligence: DefaultedTapioIntelligence): V1VolumeMount[] {
  return [TMP_MOUNT, ...(intelligence.spec.embedded ? [{ name: 'graph', mountPath: GRAPH_DIR }] : [])];
}

function correlationVolumes(intelligence: DefaultedTapioIntelligence): V1Volume[] {
  return [TMP_VOLUME, ...(intelligence.spec.embedded ? [{ name: 'graph', persistentVolumeClaim: { claimName: graphVolumeClaimName(intelligence) } }] : [])];
}
