import type { V1Container, V1StatefulSet } from '@kubernetes/client-node';
import { CONFIG_HASH_ANNOTATION } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { componentLabels, componentSelector, childMetadata } from './metadata.ts';
import { NATS_CONFIG_DIR, NATS_CONFIG_KEY, NATS_DATA_DIR, NATS_PID_FILE, natsPasswordEnv, natsUserEnv } from './nats-config.ts';
import { slotKeys, type NatsSlot } from './nats-credentials.ts';
import { natsConfigMapName, natsCredentialsSecretName, natsHeadlessServiceName, natsStatefulSetName, NATS_CLIENT_PORT, NATS_CLUSTER_PORT, NATS_MONITOR_PORT } from './nats-names.ts';
import { CLIENT_PORT_NAME, CLUSTER_PORT_NAME, MONITOR_PORT_NAME } from './nats-services.ts';
import { chooseResources, highAvailabilityScheduling, restrictedContainerSecurityContext, restrictedPodSecurityContext, sized } from './pods.ts';

export interface NatsStatefulSetFacts {
  /** natsConfigHash of the desired ConfigMap. */
  configHash: string;
  /** The credentials slots the servers accept (the ConfigMap names the same); default a. */
  slots?: readonly NatsSlot[];
}

export const NATS_CONTAINER_NAME = 'nats';
export const NATS_DATA_VOLUME = 'data';
/** The nats image runs as root by default; any user works once the volume belongs to its group. */
const NATS_UID = 1000;

/**
 * NATS with JetStream: one server per replica, each with its own volume (claim data-<cluster>-nats-<n>),
 * clustered through routes when there are several.
 */
export function desiredNatsStatefulSet(cluster: ProfiledTapioCluster, facts: NatsStatefulSetFacts): V1StatefulSet {
  const { nats, highAvailability } = cluster.spec;
  const selector = componentSelector(cluster, 'nats');
  const scheduling = highAvailability ? highAvailabilityScheduling(selector, { requireSeparateNodes: true }) : undefined;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: childMetadata(cluster, natsStatefulSetName(cluster), 'nats'),
    spec: {
      replicas: nats.replicas,
      serviceName: natsHeadlessServiceName(cluster),
      selector: { matchLabels: selector },
      // Servers must reach each other through their routes before any becomes ready; OrderedReady
      // would wait for server 0 alone.
      podManagementPolicy: 'Parallel',
      // One server at a time, each back before the next: JetStream keeps its majority throughout.
      updateStrategy: { type: 'RollingUpdate' },
      // The streams outlive the TapioCluster and a scale-down, as the README's data promise says.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels: componentLabels(cluster, 'nats'), annotations: { [CONFIG_HASH_ANNOTATION]: facts.configHash } },
        spec: {
          containers: [natsContainer(cluster, facts.slots ?? ['a'])],
          volumes: [
            { name: 'config', configMap: { name: natsConfigMapName(cluster) } },
            { name: 'pid', emptyDir: {} },
          ],
          ...(scheduling ?? {}),
          // Lame duck mode takes up to 40s (duration plus grace period) before the server stops.
          terminationGracePeriodSeconds: 60,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(NATS_UID),
        },
      },
      volumeClaimTemplates: [
        {
          // Volume claim templates cannot change once the StatefulSet exists: identity labels only.
          metadata: { name: NATS_DATA_VOLUME, labels: selector },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: String(nats.storage) } },
            ...(nats.storageClass ? { storageClassName: nats.storageClass } : {}),
          },
        },
      ],
    },
  };
}

function natsContainer(cluster: ProfiledTapioCluster, slots: readonly NatsSlot[]): V1Container {
  const { nats, lightweight } = cluster.spec;
  const secret = natsCredentialsSecretName(cluster);
  const health = (query: string) => ({ httpGet: { path: `/healthz${query}`, port: MONITOR_PORT_NAME } });
  return {
    name: NATS_CONTAINER_NAME,
    image: nats.image,
    args: ['--config', `${NATS_CONFIG_DIR}/${NATS_CONFIG_KEY}`],
    ports: [
      { name: CLIENT_PORT_NAME, containerPort: NATS_CLIENT_PORT, protocol: 'TCP' },
      { name: CLUSTER_PORT_NAME, containerPort: NATS_CLUSTER_PORT, protocol: 'TCP' },
      { name: MONITOR_PORT_NAME, containerPort: NATS_MONITOR_PORT, protocol: 'TCP' },
    ],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ...slots.flatMap((slot) => [
        { name: natsUserEnv(slot), valueFrom: { secretKeyRef: { name: secret, key: slotKeys(slot).username } } },
        { name: natsPasswordEnv(slot), valueFrom: { secretKeyRef: { name: secret, key: slotKeys(slot).password } } },
      ]),
    ],
    volumeMounts: [
      { name: 'config', mountPath: NATS_CONFIG_DIR, readOnly: true },
      { name: NATS_DATA_VOLUME, mountPath: NATS_DATA_DIR },
      { name: 'pid', mountPath: '/var/run/nats' },
    ],
    resources: chooseResources(nats.resources, undefined, lightweight ? sized('50m', '64Mi', '256Mi') : sized('250m', '512Mi', '2Gi')),
    // Ready once JetStream is up; a server recovering a large store may take minutes to get there.
    startupProbe: { ...health('?js-enabled-only=true'), periodSeconds: 10, failureThreshold: 90 },
    readinessProbe: { ...health('?js-enabled-only=true'), periodSeconds: 10, failureThreshold: 3 },
    livenessProbe: { ...health(''), periodSeconds: 30, failureThreshold: 3 },
    lifecycle: { preStop: { exec: { command: ['nats-server', `-sl=ldm=${NATS_PID_FILE}`] } } },
    securityContext: restrictedContainerSecurityContext(),
  };
}
