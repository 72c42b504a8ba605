import type { V1Container, V1Deployment, V1PodSecurityContext, V1Probe, V1SecurityContext, V1Volume, V1VolumeMount } from '@kubernetes/client-node';
import { LABEL_VERSION, mergeLabels, sanitizeLabelValue } from '@operators/k8s-common';
import { GROUP } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { autoscalingActive } from './autoscaler.ts';
import { appLabels, appSelectorLabels, childMetadata, configMapName, deploymentName } from './metadata.ts';
import { CONFIG_DIR, CONFIG_FILE, LIVENESS_PATH, READINESS_PATH, TLS_DIR } from './paths.ts';
import type { Release } from './release.ts';
import { desiredAffinity, desiredDnsPolicy, desiredResources, desiredTolerations, hugepagesVolumes } from './scheduling.ts';
import { appPortName, METRICS_PORT_NAME } from './service.ts';

/** On the pod template: the hash of the config.toml tables the app reads only at start; changing them rolls the pods. */
export const RESTART_HASH_ANNOTATION = `${GROUP}/restart-hash`;
/** On the pod template: the version it runs, which the rollout decision reads back (the label is sanitised, this is not). */
export const VERSION_ANNOTATION = `${GROUP}/version`;

/** What the reconciler decided or computed that the Deployment depends on. */
export interface DeploymentFacts {
  /** What to run: spec's release, or the last known-good one after an automatic rollback (rollout/release.ts). */
  release: Release;
  /** renderAppConfig(app).restartHash. */
  restartHash: string;
}

export const CONTAINER_NAME = 'cyclone';
const CONFIG_VOLUME = 'config';
const TMP_VOLUME = 'tmp';
const TLS_VOLUME = 'tls';

/**
 * A rolling update that never takes a ready pod away before its replacement is ready (maxUnavailable
 * 0), so a version bump has no downtime; the Deployment's own progress deadline is the one the
 * rollout decision reads.
 */
export function desiredDeployment(app: StoredCycloneApp, facts: DeploymentFacts): V1Deployment {
  const { spec } = app;
  const version = { [LABEL_VERSION]: sanitizeLabelValue(facts.release.version) };
  const metadata = childMetadata(app, deploymentName(app));
  const { volumes: hugepages } = hugepagesVolumes(app);
  const tolerations = desiredTolerations(app);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { ...metadata, labels: { ...metadata.labels, ...version } },
    spec: {
      // With the autoscaler on, the replica count is its to set: applying one would undo every scaling.
      ...(autoscalingActive(app) ? {} : { replicas: spec.replicas }),
      selector: { matchLabels: appSelectorLabels(app) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '25%' } },
      progressDeadlineSeconds: spec.progressDeadlineSeconds,
      // What `kubectl rollout undo` and `kubectl rollout history` see.
      revisionHistoryLimit: 10,
      template: {
        metadata: {
          labels: mergeLabels(spec.podLabels, { ...appLabels(app), ...version }),
          annotations: { ...spec.podAnnotations, [RESTART_HASH_ANNOTATION]: facts.restartHash, [VERSION_ANNOTATION]: facts.release.version },
        },
        spec: {
          containers: [cycloneContainer(app, facts.release)],
          volumes: [
            { name: CONFIG_VOLUME, configMap: { name: configMapName(app) } },
            { name: TMP_VOLUME, emptyDir: {} },
            ...(spec.tls.enabled && spec.tls.certificateSecret
              ? [{ name: TLS_VOLUME, secret: { secretName: spec.tls.certificateSecret, defaultMode: 0o440 } } satisfies V1Volume]
              : []),
            ...hugepages,
          ],
          affinity: desiredAffinity(app),
          ...(tolerations ? { tolerations } : {}),
          ...(spec.hostNetwork ? { hostNetwork: true } : {}),
          dnsPolicy: desiredDnsPolicy(app),
          // Cyclone never calls the Kubernetes API.
          automountServiceAccountToken: false,
          // Service links would inject <SERVICE>_PORT variables for every Service in the namespace.
          enableServiceLinks: false,
          securityContext: podSecurityContext(app),
        },
      },
    },
  };
}

function cycloneContainer(app: StoredCycloneApp, release: Release): V1Container {
  const { spec } = app;
  const resources = desiredResources(app);
  return {
    name: CONTAINER_NAME,
    image: release.image,
    ...(spec.imagePullPolicy ? { imagePullPolicy: spec.imagePullPolicy } : {}),
    ports: [
      { name: appPortName(app), containerPort: spec.port, protocol: 'TCP' },
      { name: METRICS_PORT_NAME, containerPort: spec.metricsPort, protocol: 'TCP' },
    ],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'CYCLONE_CONFIG', value: `${CONFIG_DIR}/${CONFIG_FILE}` },
    ],
    volumeMounts: containerVolumeMounts(app),
    ...(resources ? { resources } : {}),
    // Probes use the metrics port, which stays plain HTTP when the app port serves TLS.
    readinessProbe: httpProbe(READINESS_PATH, { periodSeconds: 5, timeoutSeconds: 2, failureThreshold: 3 }),
    livenessProbe: httpProbe(LIVENESS_PATH, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
    // DPDK and RDMA initialisation (hugepage mapping, device probing) can take a while on first start.
    startupProbe: httpProbe(LIVENESS_PATH, { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 24 }),
    securityContext: containerSecurityContext(app),
  };
}

function containerVolumeMounts(app: StoredCycloneApp): V1VolumeMount[] {
  const { mounts: hugepages } = hugepagesVolumes(app);
  return [
    // A directory mount, never subPath: the kubelet swaps the files of a directory mount when the
    // ConfigMap changes, and the app reloads config.toml from it (hot reload).
    { name: CONFIG_VOLUME, mountPath: CONFIG_DIR, readOnly: true },
    // The root filesystem is read-only by default; temporary files go here.
    { name: TMP_VOLUME, mountPath: '/tmp' },
    ...(app.spec.tls.enabled ? [{ name: TLS_VOLUME, mountPath: TLS_DIR, readOnly: true }] : []),
    ...hugepages,
  ];
}

function httpProbe(path: string, timing: Pick<V1Probe, 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold'>): V1Probe {
  return { httpGet: { path, port: METRICS_PORT_NAME, scheme: 'HTTP' }, ...timing };
}

function podSecurityContext(app: StoredCycloneApp): V1PodSecurityContext {
  const context = app.spec.securityContext;
  const group = context.runAsGroup ?? context.runAsUser;
  return {
    runAsNonRoot: context.runAsNonRoot,
    runAsUser: context.runAsUser,
    runAsGroup: group,
    // Makes the mounted Secret (0440) readable by the app's group.
    fsGroup: context.fsGroup ?? group,
    seccompProfile: {
      type: context.seccompProfile.type,
      ...(context.seccompProfile.localhostProfile ? { localhostProfile: context.seccompProfile.localhostProfile } : {}),
    },
  };
}

function containerSecurityContext(app: StoredCycloneApp): V1SecurityContext {
  const context = app.spec.securityContext;
  return {
    allowPrivilegeEscalation: context.allowPrivilegeEscalation,
    readOnlyRootFilesystem: context.readOnlyRootFilesystem,
    capabilities: {
      ...(context.capabilities.add?.length ? { add: context.capabilities.add } : {}),
      drop: context.capabilities.drop,
    },
  };
}

/** The release a live Deployment runs, as desiredDeployment wrote it; undefined for a Deployment without one. */
export function releaseOf(deployment: V1Deployment | undefined): Release | undefined {
  const template = deployment?.spec?.template;
  const version = template?.metadata?.annotations?.[VERSION_ANNOTATION];
  const image = template?.spec?.containers.find((container) => container.name === CONTAINER_NAME)?.image;
  return version !== undefined && image !== undefined ? { version, image } : undefined;
}
