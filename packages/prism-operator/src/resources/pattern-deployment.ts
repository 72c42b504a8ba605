import type { V1Container, V1Deployment, V1EnvVar, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import { CONFIG_HASH_ANNOTATION, CREDENTIALS_VERSION_ANNOTATION, PATTERN_INSTANCE_LABEL, PATTERN_LABEL } from '../api/v1alpha1/group.ts';
import { defaultPatternImage } from '../api/v1alpha1/prismpattern.ts';
import { desiredReplicas } from '../scaling/replicas.ts';
import { backendConnection, type PatternBackend } from './backend-connection.ts';
import { childMetadata, componentSelector, nameOf, PATTERN_COMPONENT, podLabels } from './metadata.ts';
import { PATTERN_CONFIG_DIR, patternConfigHash } from './pattern-config.ts';
import { patternConfigMapName, patternDeploymentName } from './pattern-names.ts';
import {
  httpProbes,
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

/** What the reconciler read that the Deployment depends on. */
export interface PatternDeploymentFacts {
  /** spec.backend resolved: the PrismBackend it names, or a backend type. */
  backend: PatternBackend;
  /** spec.replicas of the live Deployment; undefined when it does not exist yet. */
  liveReplicas?: number;
  /** What the reconciler read of the backend's Secrets (e.g. their resourceVersions); a change rolls the runners, which read credentials at start. */
  credentialsVersion?: string;
}

export const RUNNER_CONTAINER_NAME = 'runner';
export const HTTP_PORT_NAME = 'http';
/** The runner's health endpoint, as the seed's `wget http://<pattern>:8080/health` calls it. */
export const HEALTH_PATH = '/health';
const CONFIG_VOLUME = 'config';

/** The selector of a pattern's runner pods: name, instance and component only. */
export const patternSelector = (pattern: DefaultedPrismPattern): Record<string, string> => componentSelector(nameOf(pattern), PATTERN_COMPONENT);

/** The labels of a pattern's runner pods, with prism.io/pattern and prism.io/pattern-instance that the seed selects on. */
export function patternPodLabels(pattern: DefaultedPrismPattern): Record<string, string> {
  return podLabels(pattern, PATTERN_COMPONENT, { [PATTERN_LABEL]: pattern.spec.pattern, [PATTERN_INSTANCE_LABEL]: nameOf(pattern) });
}

export function desiredPatternDeployment(pattern: DefaultedPrismPattern, facts: PatternDeploymentFacts): V1Deployment {
  const { spec } = pattern;
  const connection = backendConnection(facts.backend);
  const configHash = patternConfigHash(pattern);
  const annotations = {
    ...(configHash ? { [CONFIG_HASH_ANNOTATION]: configHash } : {}),
    ...(facts.credentialsVersion ? { [CREDENTIALS_VERSION_ANNOTATION]: facts.credentialsVersion } : {}),
  };
  const { autoscaling } = spec;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: childMetadata(pattern, patternDeploymentName(pattern), PATTERN_COMPONENT),
    spec: {
      replicas: desiredReplicas(
        { autoscaled: autoscaling.enabled, replicas: spec.replicas, minReplicas: autoscaling.minReplicas, maxReplicas: autoscaling.maxReplicas },
        facts.liveReplicas,
      ),
      selector: { matchLabels: patternSelector(pattern) },
      strategy: zeroDowntimeRollingUpdate,
      template: {
        metadata: { labels: patternPodLabels(pattern), ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
        spec: {
          containers: [runnerContainer(pattern, connection.env, connection.volumeMounts)],
          volumes: runnerVolumes(pattern, connection.volumes),
          ...placementFields(spec.placement),
          // Runners never call the Kubernetes API.
          automountServiceAccountToken: false,
          // Service links would inject variables such as KAFKA_PORT=tcp://... for every Service of
          // the namespace, which a runner could mistake for its own settings.
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext,
        },
      },
    },
  };
}

function runnerContainer(pattern: DefaultedPrismPattern, backendEnv: V1EnvVar[], backendMounts: V1VolumeMount[]): V1Container {
  const { spec } = pattern;
  const hasConfig = patternConfigHash(pattern) !== undefined;
  const operatorEnv: V1EnvVar[] = [
    ...podIdentityEnv,
    { name: 'PRISM_PATTERN', value: spec.pattern },
    { name: 'PRISM_PATTERN_NAME', value: nameOf(pattern) },
    { name: 'PRISM_PORT', value: String(spec.service.port) },
    ...(hasConfig ? [{ name: 'PRISM_CONFIG_DIR', value: PATTERN_CONFIG_DIR }] : []),
    ...backendEnv,
  ];
  return {
    name: RUNNER_CONTAINER_NAME,
    image: spec.image ?? defaultPatternImage(spec.pattern),
    imagePullPolicy: spec.imagePullPolicy,
    ports: [{ name: HTTP_PORT_NAME, containerPort: spec.service.port, protocol: 'TCP' }],
    env: mergeEnv(operatorEnv, spec.env),
    resources: resourceRequirements(spec.resources),
    volumeMounts: [tmpVolumeMount, ...(hasConfig ? [{ name: CONFIG_VOLUME, mountPath: PATTERN_CONFIG_DIR, readOnly: true }] : []), ...backendMounts],
    ...httpProbes(HEALTH_PATH, HTTP_PORT_NAME),
    securityContext: restrictedContainerSecurityContext,
  };
}

function runnerVolumes(pattern: DefaultedPrismPattern, backendVolumes: V1Volume[]): V1Volume[] {
  const hasConfig = patternConfigHash(pattern) !== undefined;
  return [tmpVolume, ...(hasConfig ? [{ name: CONFIG_VOLUME, configMap: { name: patternConfigMapName(pattern) } }] : []), ...backendVolumes];
}
