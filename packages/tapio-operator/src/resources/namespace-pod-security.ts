// Pod Security admission labels on the TapioCluster's namespace, where the README says "pod security
// policies" (PodSecurityPolicy is gone from Kubernetes). The operator applies only these labels to
// the namespace (server-side apply owns nothing else of it) and cannot own the namespace itself.
import type { V1Namespace } from '@kubernetes/client-node';
import { enabledCollectorTypes } from '../api/v1alpha1/collectors.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { isNodeCollector } from './node-collector-daemonset.ts';
import { resourceNamespace } from './metadata.ts';

export type PodSecurityLevel = 'privileged' | 'baseline' | 'restricted';

const LABEL = 'pod-security.kubernetes.io';

/**
 * The least level the platform's pods pass: privileged when a node collector runs (host paths, host
 * network and capabilities are beyond even baseline), restricted otherwise, since every other Tapio
 * pod meets the restricted standard.
 */
export function requiredPodSecurityLevel(cluster: ProfiledTapioCluster): PodSecurityLevel {
  return enabledCollectorTypes(cluster.spec.collectors).some(isNodeCollector) ? 'privileged' : 'restricted';
}

/**
 * The namespace as an apply patch with only the labels: enforce the required level; audit and warn
 * at restricted, so that what runs privileged stays visible in the audit log and to whoever applies.
 * Undefined when security.podSecurityLabels is off.
 */
export function desiredNamespacePodSecurity(cluster: ProfiledTapioCluster): V1Namespace | undefined {
  if (!cluster.spec.security.podSecurityLabels) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: resourceNamespace(cluster),
      labels: {
        [`${LABEL}/enforce`]: requiredPodSecurityLevel(cluster),
        [`${LABEL}/enforce-version`]: 'latest',
        [`${LABEL}/audit`]: 'restricted',
        [`${LABEL}/audit-version`]: 'latest',
        [`${LABEL}/warn`]: 'restricted',
        [`${LABEL}/warn-version`]: 'latest',
      },
    },
  };
}
