// The cluster collectors (Kubernetes API, etcd) as Deployments of one pod: a second would publish
// every event twice.
import type { V1Container, V1Deployment } from '@kubernetes/client-node';
import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import { baseCollectorContainer, collectorMetadata, collectorPodMetadata, collectorSelector, collectorWorkloadName } from './collector-pods.ts';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, TAPIO_UID, TMP_MOUNT, TMP_VOLUME } from './pods.ts';

export interface ClusterCollectorFacts {
  /** The etcd client URLs: spec.etcd.endpoints, or those the reconciler discovered from the etcd pods. */
  etcdEndpoints: readonly string[];
}

const ETCD_CERTIFICATES_DIR = '/etc/tapio/etcd';

export function desiredClusterCollectorDeployment(collector: DefaultedTapioCollector, facts: ClusterCollectorFacts): V1Deployment | undefined {
  const { spec } = collector;
  if (spec.type !== 'kubernetes' && spec.type !== 'etcd') return undefined;
  const isKubernetes = spec.type === 'kubernetes';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: collectorMetadata(collector),
    spec: {
      replicas: 1,
      selector: { matchLabels: collectorSelector(collector) },
      // The new pod starts before the old one stops: a moment of events seen twice is better than a
      // gap of events never seen.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        metadata: collectorPodMetadata(collector),
        spec: {
          serviceAccountName: collectorWorkloadName(collector),
          // Only the Kubernetes API collector talks to the API server (with its read-only ClusterRole).
          automountServiceAccountToken: isKubernetes,
          enableServiceLinks: false,
          containers: [isKubernetes ? kubernetesCollectorContainer(collector) : etcdCollectorContainer(collector, facts)],
          volumes: [
            TMP_VOLUME,
            ...(!isKubernetes && spec.etcd?.secretName ? [{ name: 'etcd-certificates', secret: { secretName: spec.etcd.secretName, defaultMode: 0o440 } }] : []),
          ],
          ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
          ...(spec.tolerations ? { tolerations: spec.tolerations } : {}),
          securityContext: restrictedPodSecurityContext(TAPIO_UID),
        },
      },
    },
  };
}

function kubernetesCollectorContainer(collector: DefaultedTapioCollector): V1Container {
  return { ...baseCollectorContainer(collector), volumeMounts: [TMP_MOUNT], securityContext: restrictedContainerSecurityContext() };
}

function etcdCollectorContainer(collector: DefaultedTapioCollector, facts: ClusterCollectorFacts): V1Container {
  const base = baseCollectorContainer(collector);
  return {
    ...base,
    env: [
      ...(base.env ?? []),
      { name: 'TAPIO_ETCD_ENDPOINTS', value: facts.etcdEndpoints.join(',') },
      { name: 'TAPIO_ETCD_CA_FILE', value: `${ETCD_CERTIFICATES_DIR}/ca.crt` },
      { name: 'TAPIO_ETCD_CERT_FILE', value: `${ETCD_CERTIFICATES_DIR}/tls.crt` },
      { name: 'TAPIO_ETCD_KEY_FILE', value: `${ETCD_CERTIFICATES_DIR}/tls.key` },
    ],
    volumeMounts: [TMP_MOUNT, { name: 'etcd-certificates', mountPath: ETCD_CERTIFICATES_DIR, readOnly: true }],
    securityContext: restrictedContainerSecurityContext(),
  };
}
