import type {
  V1Affinity,
  V1Container,
  V1Deployment,
  V1DeploymentStrategy,
  V1EnvVar,
  V1PodSecurityContext,
  V1Probe,
  V1SecurityContext,
  V1TopologySpreadConstraint,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { mergeLabels } from '@operators/k8s-common';
import type { DefaultedProbe, DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { envNameOfConfigKey, OPERATOR_ENV } from '../api/v1alpha1/config-keys.ts';
import { CONFIG_HASH_ANNOTATION, REPLICAS_FROM_ANNOTATION, REPLICAS_FROM_AUTOSCALER } from '../api/v1alpha1/tickstorm.ts';
import { quotaAllowsSurge } from '../capacity/namespace-guard-fit.ts';
import { runtimeEnv, runtimeSettings } from '../runtime/runtime-settings.ts';
import { imageReference } from '../support/image-reference.ts';
import { quantityStrings } from '../support/quantity.ts';
import {
  authSecretName,
  childMetadata,
  configMapName,
  deploymentName,
  serverSelectorLabels,
  serviceAccountName,
  tickStormLabels,
  tickStormName,
  tlsSecretName,
} from './metadata.ts';
import { CLIENT_PORT_NAME, METRICS_PORT_NAME } from './ports.ts';

/** What the reconciler read or computed that the Deployment depends on. */
export interface DeploymentFacts {
  /** configHash of the desired ConfigMap. */
  configHash: string;
}

export const SERVER_CONTAINER_NAME = 'tick-storm';
/** The user of the seed's image (distroless nonroot); runAsNonRoot can only verify a numeric user. */
export const SERVER_UID = 65532;
export const TLS_MOUNT_PATH = '/certs';
export const CLIENT_CA_MOUNT_PATH = '/client-ca';
/** The seed's pods carry `app: tick-storm`; keeping the label keeps its `kubectl ... -l app=tick-storm` commands working. */
export const SEED_APP_LABEL = 'app';

const TMP_VOLUME = 'tmp';
const VAR_RUN_VOLUME = 'var-run';
const TLS_VOLUME = 'tls-certs';
const CLIENT_CA_VOLUME = 'client-ca';

/**
 * `<name>`: the server pods. Resources, the derived runtime settings and the config hash all sit in
 * the one pod template, so a change of resources.limits rolls the pods once, with the new limits and
 * the new GOMAXPROCS/GOMEMLIMIT together. With autoscaling on, replicas is left out: the HPA owns it.
 */
export function desiredDeployment(tickStorm: DefaultedTickStorm, facts: DeploymentFacts): V1Deployment {
  const { spec } = tickStorm;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...childMetadata(tickStorm, deploymentName(tickStorm)),
      ...(spec.autoscaling ? { annotations: { [REPLICAS_FROM_ANNOTATION]: REPLICAS_FROM_AUTOSCALER } } : {}),
    },
    spec: {
      ...(spec.autoscaling ? {} : { replicas: spec.replicas }),
      selector: { matchLabels: serverSelectorLabels(tickStorm) },
      strategy: rolloutStrategy(tickStorm),
      template: {
        metadata: {
          labels: mergeLabels({ ...spec.podLabels, [SEED_APP_LABEL]: tickStormName(tickStorm) }, tickStormLabels(tickStorm)),
          annotations: {
            ...spec.podAnnotations,
            // The seed's scrape annotations, with the metrics port (the seed names 8080, the client port).
            'prometheus.io/scrape': 'true',
            'prometheus.io/port': String(spec.metrics.port),
            'prometheus.io/path': spec.metrics.serviceMonitor.path,
            [CONFIG_HASH_ANNOTATION]: facts.configHash,
          },
        },
        spec: {
          serviceAccountName: serviceAccountName(tickStorm),
          securityContext: podSecurityContext(tickStorm),
          containers: [serverContainer(tickStorm)],
          volumes: volumes(tickStorm),
          nodeSelector: spec.nodeSelector,
          ...(spec.tolerations ? { tolerations: spec.tolerations } : {}),
          affinity: affinity(tickStorm),
          ...topologySpread(tickStorm),
          terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
          // Service links would inject <SERVICE>_PORT variables of every Service in the namespace; a
          // Service named `listen` would set LISTEN_PORT=tcp://... for the server.
          enableServiceLinks: false,
        },
      },
    },
  };
}

/**
 * The seed's zero-downtime rollout (one extra pod, none unavailable), unless the namespace quota has
 * no room for the extra pod: the quota would forbid it, and with none unavailable the rollout would
 * wait for it forever. Then one pod at a time is replaced in place.
 */
function rolloutStrategy(tickStorm: DefaultedTickStorm): V1DeploymentStrategy {
  const surge = quotaAllowsSurge(tickStorm.spec);
  return { type: 'RollingUpdate', rollingUpdate: surge ? { maxSurge: 1, maxUnavailable: 0 } : { maxSurge: 0, maxUnavailable: 1 } };
}

function serverContainer(tickStorm: DefaultedTickStorm): V1Container {
  const { spec } = tickStorm;
  const { probes } = spec;
  return {
    name: SERVER_CONTAINER_NAME,
    image: imageReference(spec.image.repository, spec.image.tag),
    imagePullPolicy: spec.image.pullPolicy,
    ports: [
      { name: CLIENT_PORT_NAME, containerPort: spec.service.port, protocol: 'TCP' },
      { name: METRICS_PORT_NAME, containerPort: spec.metrics.port, protocol: 'TCP' },
    ],
    env: serverEnv(tickStorm),
    resources: {
      requests: quantityStrings(spec.resources.requests),
      limits: quantityStrings(spec.resources.limits),
    },
    securityContext: containerSecurityContext(tickStorm),
    startupProbe: probe(probes.startup),
    readinessProbe: probe(probes.readiness),
    livenessProbe: probe(probes.liveness),
    volumeMounts: volumeMounts(tickStorm),
  };
}

/**
 * The environment in a fixed order: listen address, config keys (sorted, from the ConfigMap, as the
 * seed maps ip-allowlist), credentials, the runtime settings, TLS. The operator's variables come after
 * the config keys; the schema forbids config keys that would name them.
 */
export function serverEnv(tickStorm: DefaultedTickStorm): V1EnvVar[] {
  const { spec } = tickStorm;
  const configMap = configMapName(tickStorm);
  const secret = authSecretName(tickStorm);
  return [
    // The server reads LISTEN_PORT; the seed's Deployment sets LISTEN_ADDR.
    { name: OPERATOR_ENV.listenPort, value: String(spec.service.port) },
    { name: OPERATOR_ENV.listenAddr, value: `0.0.0.0:${spec.service.port}` },
    ...Object.keys(spec.config ?? {})
      .sort()
      .map((key): V1EnvVar => ({ name: envNameOfConfigKey(key), valueFrom: { configMapKeyRef: { name: configMap, key } } })),
    { name: OPERATOR_ENV.authUsername, valueFrom: { secretKeyRef: { name: secret, key: spec.auth.usernameKey } } },
    { name: OPERATOR_ENV.authPassword, valueFrom: { secretKeyRef: { name: secret, key: spec.auth.passwordKey } } },
    ...runtimeEnv(runtimeSettings(spec)),
    ...tlsEnv(tickStorm),
  ];
}

function tlsEnv(tickStorm: DefaultedTickStorm): V1EnvVar[] {
  const { tls } = tickStorm.spec;
  if (!tls) return [];
  return [
    { name: OPERATOR_ENV.tlsEnabled, value: 'true' },
    { name: OPERATOR_ENV.tlsCertFile, value: `${TLS_MOUNT_PATH}/tls.crt` },
    { name: OPERATOR_ENV.tlsKeyFile, value: `${TLS_MOUNT_PATH}/tls.key` },
    { name: OPERATOR_ENV.tlsClientAuth, value: tls.clientAuth },
    ...(tls.clientCASecretName ? [{ name: OPERATOR_ENV.tlsClientCaFile, value: `${CLIENT_CA_MOUNT_PATH}/ca.crt` }] : []),
  ];
}

function probe(settings: DefaultedProbe): V1Probe {
  const handler: V1Probe = settings.type === 'TCPSocket' ? { tcpSocket: { port: CLIENT_PORT_NAME } } : { exec: { command: [...settings.command] } };
  return {
    ...handler,
    initialDelaySeconds: settings.initialDelaySeconds,
    periodSeconds: settings.periodSeconds,
    timeoutSeconds: settings.timeoutSeconds,
    failureThreshold: settings.failureThreshold,
    successThreshold: 1,
  };
}

/** The restricted Pod Security Standard (the seed's, plus seccomp), with spec.securityContext.pod's fields replacing these one by one. */
function podSecurityContext(tickStorm: DefaultedTickStorm): V1PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: SERVER_UID,
    runAsGroup: SERVER_UID,
    fsGroup: SERVER_UID,
    seccompProfile: { type: 'RuntimeDefault' },
    ...tickStorm.spec.securityContext.pod,
  };
}

function containerSecurityContext(tickStorm: DefaultedTickStorm): V1SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: SERVER_UID,
    runAsGroup: SERVER_UID,
    capabilities: { drop: ['ALL'] },
    ...tickStorm.spec.securityContext.container,
  };
}

function volumeMounts(tickStorm: DefaultedTickStorm): V1VolumeMount[] {
  return [
    // The root filesystem is read-only; the seed gives the server these two writable directories.
    { name: TMP_VOLUME, mountPath: '/tmp' },
    { name: VAR_RUN_VOLUME, mountPath: '/var/run' },
    ...(tickStorm.spec.tls ? [{ name: TLS_VOLUME, mountPath: TLS_MOUNT_PATH, readOnly: true }] : []),
    ...(tickStorm.spec.tls?.clientCASecretName ? [{ name: CLIENT_CA_VOLUME, mountPath: CLIENT_CA_MOUNT_PATH, readOnly: true }] : []),
  ];
}

function volumes(tickStorm: DefaultedTickStorm): V1Volume[] {
  const tlsSecret = tlsSecretName(tickStorm);
  const clientCa = tickStorm.spec.tls?.clientCASecretName;
  return [
    { name: TMP_VOLUME, emptyDir: {} },
    { name: VAR_RUN_VOLUME, emptyDir: {} },
    // 0440, not the seed's 0400: the files belong to root, and the server (65532) reads them through its group (fsGroup).
    ...(tlsSecret ? [{ name: TLS_VOLUME, secret: { secretName: tlsSecret, defaultMode: 0o440 } }] : []),
    ...(clientCa ? [{ name: CLIENT_CA_VOLUME, secret: { secretName: clientCa, defaultMode: 0o444 } }] : []),
  ];
}

/**
 * Always the seed's preference for one pod per node; with zoneSpread AntiAffinity also the seed's
 * required zone anti-affinity (at most one pod per zone).
 */
function affinity(tickStorm: DefaultedTickStorm): V1Affinity {
  const selector = { matchLabels: serverSelectorLabels(tickStorm) };
  const { highAvailability } = tickStorm.spec;
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' } }],
      ...(highAvailability.zoneSpread === 'AntiAffinity'
        ? { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: selector, topologyKey: highAvailability.topologyKey }] }
        : {}),
    },
  };
}

function topologySpread(tickStorm: DefaultedTickStorm): { topologySpreadConstraints?: V1TopologySpreadConstraint[] } {
  const { highAvailability } = tickStorm.spec;
  if (highAvailability.zoneSpread !== 'TopologySpread') return {};
  return {
    topologySpreadConstraints: [
      {
        maxSkew: highAvailability.maxSkew,
        topologyKey: highAvailability.topologyKey,
        whenUnsatisfiable: highAvailability.whenUnsatisfiable,
        labelSelector: { matchLabels: serverSelectorLabels(tickStorm) },
        // Only pods of the current revision count, so a rollout does not skew the spread by its old pods.
        matchLabelKeys: ['pod-template-hash'],
      },
    ],
  };
}
