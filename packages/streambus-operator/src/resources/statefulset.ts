import type {
  V1Affinity,
  V1Container,
  V1PersistentVolumeClaim,
  V1Probe,
  V1ResourceRequirements,
  V1StatefulSet,
  V1Volume,
  V1VolumeMount,
} from '@kubernetes/client-node';
import { mergeLabels } from '@operators/k8s-common';
import type { DefaultedStreamBusCluster } from '../api/v1alpha1/defaults.ts';
import { CONFIG_HASH_ANNOTATION } from '../api/v1alpha1/streambuscluster.ts';
import {
  CA_MOUNT_PATH,
  CONFIG_MOUNT_PATH,
  DATA_MOUNT_PATH,
  LIVENESS_PATH,
  RAFT_MOUNT_PATH,
  READINESS_PATH,
  TLS_MOUNT_PATH,
} from './broker-paths.ts';
import {
  brokerConfigMapName,
  brokerLabels,
  brokerSelectorLabels,
  brokerStatefulSetName,
  childMetadata,
  headlessServiceName,
} from './metadata.ts';
import { CLIENT_PORT_NAME, GRPC_PORT_NAME, HTTP_PORT_NAME } from './services.ts';

/** What the reconciler read or computed that the StatefulSet depends on. */
export interface BrokerStatefulSetFacts {
  /** brokerConfigHash of the desired ConfigMap. */
  configHash: string;
}

export const BROKER_CONTAINER_NAME = 'broker';
export const DATA_VOLUME = 'data';
export const RAFT_VOLUME = 'raft';
const CONFIG_VOLUME = 'config';
const TMP_VOLUME = 'tmp';
const TLS_VOLUME = 'tls';
const CA_VOLUME = 'ca';

/** The user the broker image runs as. Its Dockerfile names it (USER streambus), and runAsNonRoot can only verify a numeric user. */
const BROKER_UID = 1000;

/**
 * Long enough for a broker to flush its log and hand over Raft leadership on SIGTERM (the default 30s
 * is tight under load); short enough that a rolling restart, which waits for each broker, stays quick.
 */
const TERMINATION_GRACE_PERIOD_SECONDS = 60;

export function desiredBrokerStatefulSet(cluster: DefaultedStreamBusCluster, facts: BrokerStatefulSetFacts): V1StatefulSet {
  const { spec } = cluster;
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: childMetadata(cluster, brokerStatefulSetName(cluster)),
    spec: {
      replicas: spec.replicas,
      serviceName: headlessServiceName(cluster),
      selector: { matchLabels: brokerSelectorLabels(cluster) },
      // OrderedReady would create broker-1 only once broker-0 is ready, but a broker becomes ready only
      // when it has a Raft quorum, which needs its peers: a first start would never get past broker-0,
      // and one broker that cannot start would block the creation of every broker after it.
      podManagementPolicy: 'Parallel',
      // The operator rolls brokers itself, one at a time and only while the others are ready
      // (rollout/broker-roller.ts); RollingUpdate would wait forever on a broker that never gets ready.
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: {
        whenDeleted: spec.storage.deleteClaimsOnDelete ? 'Delete' : 'Retain',
        whenScaled: spec.storage.deleteClaimsOnScaleDown ? 'Delete' : 'Retain',
      },
      template: {
        metadata: {
          labels: mergeLabels(spec.podLabels, brokerLabels(cluster)),
          annotations: { ...spec.podAnnotations, [CONFIG_HASH_ANNOTATION]: facts.configHash },
        },
        spec: {
          containers: [brokerContainer(cluster)],
          volumes: brokerVolumes(cluster),
          affinity: spec.affinity ?? spreadBrokersAcrossNodes(cluster),
          ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
          ...(spec.tolerations ? { tolerations: spec.tolerations } : {}),
          terminationGracePeriodSeconds: TERMINATION_GRACE_PERIOD_SECONDS,
          // Brokers never call the Kubernetes API.
          automountServiceAccountToken: false,
          // Service links would inject e.g. STREAMBUS_PORT=tcp://10.0.0.1:9092 for a Service named
          // `streambus` in the namespace, and the broker reads STREAMBUS_PORT as its port.
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: BROKER_UID,
            runAsGroup: BROKER_UID,
            // Makes the volumes writable by the broker; OnRootMismatch skips the recursive chown of a
            // large data volume on every start.
            fsGroup: BROKER_UID,
            fsGroupChangePolicy: 'OnRootMismatch',
            seccompProfile: { type: 'RuntimeDefault' },
          },
        },
      },
      volumeClaimTemplates: [
        brokerVolumeClaim(cluster, DATA_VOLUME, spec.storage.size),
        brokerVolumeClaim(cluster, RAFT_VOLUME, spec.storage.raftSize),
      ],
    },
  };
}

function brokerContainer(cluster: DefaultedStreamBusCluster): V1Container {
  const { image, config, resources } = cluster.spec;
  return {
    name: BROKER_CONTAINER_NAME,
    image: imageReference(image.repository, image.tag),
    imagePullPolicy: image.pullPolicy,
    ports: [
      { name: CLIENT_PORT_NAME, containerPort: config.port, protocol: 'TCP' },
      { name: HTTP_PORT_NAME, containerPort: config.httpPort, protocol: 'TCP' },
      { name: GRPC_PORT_NAME, containerPort: config.grpcPort, protocol: 'TCP' },
    ],
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'STREAMBUS_HEADLESS_SERVICE', value: headlessServiceName(cluster) },
    ],
    volumeMounts: brokerVolumeMounts(cluster),
    ...(resources ? { resources: resourceRequirements(resources) } : {}),
    // The HTTP port stays plain HTTP when TLS is on, so the kubelet can probe it.
    readinessProbe: httpProbe(READINESS_PATH, { periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 }),
    livenessProbe: httpProbe(LIVENESS_PATH, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 }),
    // A broker replaying a large log after a crash may take minutes to serve; until it first answers,
    // liveness must not kill it (30 × 10s).
    startupProbe: httpProbe(LIVENESS_PATH, { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 }),
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
  };
}

/** A tag that is a digest (`sha256:...`) pins the image by content. */
export function imageReference(repository: string, tag: string): string {
  return tag.startsWith('sha256:') ? `${repository}@${tag}` : `${repository}:${tag}`;
}

function httpProbe(path: string, timing: Pick<V1Probe, 'periodSeconds' | 'timeoutSeconds' | 'failureThreshold'>): V1Probe {
  return { httpGet: { path, port: HTTP_PORT_NAME, scheme: 'HTTP' }, ...timing };
}

function tlsSecrets(cluster: DefaultedStreamBusCluster): { cert?: string; ca?: string } {
  const { tls } = cluster.spec.security;
  if (!tls.enabled) return {};
  return { cert: tls.certSecretName, ca: tls.caSecretName };
}

function brokerVolumeMounts(cluster: DefaultedStreamBusCluster): V1VolumeMount[] {
  const { cert, ca } = tlsSecrets(cluster);
  return [
    { name: CONFIG_VOLUME, mountPath: CONFIG_MOUNT_PATH, readOnly: true },
    { name: DATA_VOLUME, mountPath: DATA_MOUNT_PATH },
    { name: RAFT_VOLUME, mountPath: RAFT_MOUNT_PATH },
    // The root filesystem is read-only; temporary files go here.
    { name: TMP_VOLUME, mountPath: '/tmp' },
    ...(cert ? [{ name: TLS_VOLUME, mountPath: TLS_MOUNT_PATH, readOnly: true }] : []),
    ...(ca ? [{ name: CA_VOLUME, mountPath: CA_MOUNT_PATH, readOnly: true }] : []),
  ];
}

function brokerVolumes(cluster: DefaultedStreamBusCluster): V1Volume[] {
  const { cert, ca } = tlsSecrets(cluster);
  return [
    { name: CONFIG_VOLUME, configMap: { name: brokerConfigMapName(cluster) } },
    { name: TMP_VOLUME, emptyDir: {} },
    // 0440: the private key is readable by the broker's group (fsGroup) and nobody else.
    ...(cert ? [{ name: TLS_VOLUME, secret: { secretName: cert, defaultMode: 0o440 } }] : []),
    ...(ca ? [{ name: CA_VOLUME, secret: { secretName: ca, defaultMode: 0o444 } }] : []),
  ];
}

function brokerVolumeClaim(cluster: DefaultedStreamBusCluster, name: string, size: string | number): V1PersistentVolumeClaim {
  const storageClass = cluster.spec.storage.class;
  return {
    // Volume claim templates cannot change once the StatefulSet exists, so their labels are the
    // identity labels only, which never change for a cluster.
    metadata: { name, labels: brokerSelectorLabels(cluster) },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: String(size) } },
      ...(storageClass ? { storageClassName: storageClass } : {}),
    },
  };
}

/** Requests and limits only: `claims` (DRA) would need pod-level resource claims, which brokers do not use. */
function resourceRequirements(resources: NonNullable<DefaultedStreamBusCluster['spec']['resources']>): V1ResourceRequirements {
  const asStrings = (list: Record<string, string | number> | undefined) =>
    list && Object.fromEntries(Object.entries(list).map(([name, quantity]) => [name, String(quantity)]));
  const requests = asStrings(resources.requests);
  const limits = asStrings(resources.limits);
  return { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) };
}

/**
 * Used when the cluster sets no affinity: one broker per node where the nodes allow it. Preferred, not
 * required, so that a cluster larger than the node count (a laptop, a dev cluster) still schedules.
 */
function spreadBrokersAcrossNodes(cluster: DefaultedStreamBusCluster): V1Affinity {
  return {
    podAntiAffinity: {
      preferredDuringSchedulingIgnoredDuringExecution: [
        {
          weight: 100,
          podAffinityTerm: { labelSelector: { matchLabels: brokerSelectorLabels(cluster) }, topologyKey: 'kubernetes.io/hostname' },
        },
      ],
    },
  };
}
