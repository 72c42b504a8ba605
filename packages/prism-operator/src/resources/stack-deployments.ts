// The proxy and admin Deployments of a PrismStack.
import type { V1Deployment } from '@kubernetes/client-node';
import type { DefaultedAdmin, DefaultedPrismStack, DefaultedProxy } from '../api/v1alpha1/defaults.ts';
import { desiredReplicas } from '../scaling/replicas.ts';
import { ADMIN_COMPONENT, childMetadata, componentSelector, nameOf, podLabels, PROXY_COMPONENT } from './metadata.ts';
import {
  mergeEnv,
  placementFields,
  podIdentityEnv,
  resourceRequirements,
  restrictedContainerSecurityContext,
  restrictedPodSecurityContext,
  tmpVolume,
  tmpVolumeMount,
  zeroDowntimeRollingUpdate,
} from './pod-template.ts';
import { stackEnv } from './stack-children.ts';
import { adminName, proxyName } from './stack-names.ts';

export const GRPC_PORT_NAME = 'grpc';
export const METRICS_PORT_NAME = 'metrics';

/** What the reconciler read that the proxy Deployment depends on. */
export interface ProxyDeploymentFacts {
  /** spec.replicas of the live proxy Deployment; undefined when it does not exist yet. */
  liveReplicas?: number;
}

export const proxySelector = (stack: DefaultedPrismStack): Record<string, string> => componentSelector(nameOf(stack), PROXY_COMPONENT);
export const adminSelector = (stack: DefaultedPrismStack): Record<string, string> => componentSelector(nameOf(stack), ADMIN_COMPONENT);

/** The proxy, where clients connect; with autoscaling on, its HPA owns the replica count. */
export function desiredProxyDeployment(stack: DefaultedPrismStack, facts: ProxyDeploymentFacts): V1Deployment {
  const { proxy } = stack.spec;
  const replicas = desiredReplicas(
    { autoscaled: proxy.autoscaling.enabled, replicas: proxy.replicas, minReplicas: proxy.autoscaling.minReplicas, maxReplicas: proxy.autoscaling.maxReplicas },
    facts.liveReplicas,
  );
  return componentDeployment(stack, proxyName(stack), PROXY_COMPONENT, proxy, replicas);
}

/** The admin control plane; undefined when spec.admin.enabled is false. */
export function desiredAdminDeployment(stack: DefaultedPrismStack): V1Deployment | undefined {
  const { admin } = stack.spec;
  if (!admin.enabled) return undefined;
  return componentDeployment(stack, adminName(stack), ADMIN_COMPONENT, admin, admin.replicas);
}

function componentDeployment(stack: DefaultedPrismStack, name: string, component: string, settings: DefaultedProxy | DefaultedAdmin, replicas: number): V1Deployment {
  const metricsPort = stack.spec.observability.metrics.port;
  // The proxy and the admin plane speak gRPC; a TCP probe needs nothing of the image beyond listening.
  const probe = { tcpSocket: { port: GRPC_PORT_NAME } };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMetadata(stack, name, component),
    spec: {
      replicas,
      selector: { matchLabels: componentSelector(nameOf(stack), component) },
      strategy: zeroDowntimeRollingUpdate,
      template: {
        metadata: { labels: podLabels(stack, component) },
        spec: {
          containers: [
            {
              name: component,
              image: settings.image,
              imagePullPolicy: settings.imagePullPolicy,
              ports: [
                { name: GRPC_PORT_NAME, containerPort: settings.port, protocol: 'TCP' },
                { name: METRICS_PORT_NAME, containerPort: metricsPort, protocol: 'TCP' },
              ],
              env: mergeEnv(
                [...podIdentityEnv, { name: 'PRISM_PORT', value: String(settings.port) }, { name: 'PRISM_METRICS_PORT', value: String(metricsPort) }],
                stackEnv(stack),
              ),
              resources: resourceRequirements(settings.resources),
              volumeMounts: [tmpVolumeMount],
              readinessProbe: { ...probe, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 },
              livenessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
              securityContext: restrictedContainerSecurityContext,
            },
          ],
          volumes: [tmpVolume],
          ...placementFields(settings.placement),
          // The proxy and the admin plane find each other through Services, not the Kubernetes API.
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext,
        },
      },
    },
  };
}
