import type { V1Container, V1Deployment, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { CONFIG_HASH_ANNOTATION } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { stableDeployment } from './deployment-tracks.ts';
import { GATEWAY_CONFIG_DIR, GATEWAY_CONFIG_KEY, GATEWAY_HTTP_PORT, GATEWAY_METRICS_PORT, GATEWAY_TOKENS_DIR, gatewayName } from './gateway-config.ts';
import { childMetadata, componentLabels, componentSelector } from './metadata.ts';
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

export interface GatewayDeploymentFacts {
  /** gatewayConfigHash of the desired ConfigMap. */
  configHash: string;
}

export const GATEWAY_CONTAINER_NAME = 'gateway';

/**
 * The stable gateway Deployment `<cluster>-gateway`. With autoscaling on it leaves `replicas` to the
 * HorizontalPodAutoscaler. The canary beside it comes from desiredCanaryDeployment.
 */
export function desiredGatewayDeployment(cluster: ProfiledTapioCluster, facts: GatewayDeploymentFacts): V1Deployment {
  const { gateway, highAvailability } = cluster.spec;
  const selector = componentSelector(cluster, 'gateway');
  const scheduling = highAvailability ? highAvailabilityScheduling(selector, { requireSeparateNodes: false }) : undefined;
  return stableDeployment({
    metadata: childMetadata(cluster, gatewayName(cluster), 'gateway'),
    replicas: gateway.autoscaling.enabled ? undefined : gateway.replicas,
    selector,
    podLabels: componentLabels(cluster, 'gateway'),
    podAnnotations: { [CONFIG_HASH_ANNOTATION]: facts.configHash },
    // Never fewer ready gateways than asked for during a rollout.
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
    containers: [gatewayContainer(cluster)],
    volumes: gatewayVolumes(cluster),
    ...(scheduling ? { scheduling } : {}),
  });
}

function gatewayContainer(cluster: ProfiledTapioCluster): V1Container {
  const { gateway, lightweight, imageRegistry, version } = cluster.spec;
  return {
    name: GATEWAY_CONTAINER_NAME,
    image: tapioImage(imageRegistry, 'gateway', version),
    args: [`--config=${GATEWAY_CONFIG_DIR}/${GATEWAY_CONFIG_KEY}`],
    ports: [
      { name: HTTP_PORT_NAME, containerPort: GATEWAY_HTTP_PORT, protocol: 'TCP' },
      { name: METRICS_PORT_NAME, containerPort: GATEWAY_METRICS_PORT, protocol: 'TCP' },
    ],
    volumeMounts: gatewayMounts(cluster),
    resources: chooseResources(gateway.resources, undefined, lightweight ? sized('25m', '32Mi', '128Mi') : sized('100m', '128Mi', '512Mi')),
    readinessProbe: { httpGet: { path: '/readyz', port: METRICS_PORT_NAME }, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { httpGet: { path: '/healthz', port: METRICS_PORT_NAME }, periodSeconds: 10, failureThreshold: 3 },
    securityContext: restrictedContainerSecurityContext(),
  };
}

function gatewayMounts(cluster: ProfiledTapioCluster): V1VolumeMount[] {
  return [
    { name: 'config', mountPath: GATEWAY_CONFIG_DIR, readOnly: true },
    TMP_MOUNT,
    ...(cluster.spec.gateway.authentication.enabled ? [{ name: 'tokens', mountPath: GATEWAY_TOKENS_DIR, readOnly: true }] : []),
  ];
}

function gatewayVolumes(cluster: ProfiledTapioCluster): V1Volume[] {
  const { authentication } = cluster.spec.gateway;
  return [
    { name: 'config', configMap: { name: gatewayName(cluster) } },
    TMP_VOLUME,
    // Mounted, not read into the environment: a rotated token file reaches the pods without a restart.
    ...(authentication.enabled && authentication.secretName ? [{ name: 'tokens', secret: { secretName: authentication.secretName, defaultMode: 0o440 } }] : []),
  ];
}
