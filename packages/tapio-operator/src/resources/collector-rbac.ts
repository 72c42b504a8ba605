// RBAC per collector: a ServiceAccount each; the Kubernetes API collector also gets a read-only
// ClusterRole of its own, bound to that ServiceAccount alone.
import type { V1ClusterRole, V1ClusterRoleBinding, V1PolicyRule, V1ServiceAccount } from '@kubernetes/client-node';
import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import { GROUP } from '../api/v1alpha1/group.ts';
import { collectorComponent, collectorMetadata, collectorWorkloadName } from './collector-pods.ts';
import { componentLabels, resourceName, resourceNamespace } from './metadata.ts';

/**
 * On the cluster-scoped RBAC objects, which cannot carry an owner reference to a namespaced
 * TapioCollector: the collector's namespace (its name is app.kubernetes.io/instance), so that the
 * operator finds and deletes them when the collector goes.
 */
export const OWNER_NAMESPACE_LABEL = `${GROUP}/owner-namespace`;

/**
 * What the Kubernetes API collector may read: the objects whose changes and events it reports. Never
 * Secrets, nor ConfigMaps (they hold configuration that may be sensitive), and no write of any kind.
 */
export const KUBERNETES_COLLECTOR_RULES: readonly V1PolicyRule[] = [
  {
    apiGroups: [''],
    resources: ['pods', 'nodes', 'services', 'endpoints', 'events', 'namespaces', 'persistentvolumes', 'persistentvolumeclaims', 'replicationcontrollers'],
    verbs: ['get', 'list', 'watch'],
  },
  { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses', 'networkpolicies'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
];

export function desiredCollectorServiceAccount(collector: DefaultedTapioCollector): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: collectorMetadata(collector),
    // The pods say whether they mount a token; the default for any other pod using it is not to.
    automountServiceAccountToken: false,
  };
}

/** `tapio-collector:<namespace>:<collector>`: unique across namespaces, as a cluster-scoped name must be. */
export function kubernetesCollectorClusterRoleName(collector: DefaultedTapioCollector): string {
  return `tapio-collector:${resourceNamespace(collector)}:${resourceName(collector)}`;
}

function clusterScopedMetadata(collector: DefaultedTapioCollector) {
  return {
    name: kubernetesCollectorClusterRoleName(collector),
    labels: { ...componentLabels(collector, collectorComponent(collector)), [OWNER_NAMESPACE_LABEL]: resourceNamespace(collector) },
  };
}

export function desiredKubernetesCollectorClusterRole(collector: DefaultedTapioCollector): V1ClusterRole | undefined {
  if (collector.spec.type !== 'kubernetes') return undefined;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: clusterScopedMetadata(collector),
    rules: KUBERNETES_COLLECTOR_RULES.map((rule) => ({ ...rule })),
  };
}

export function desiredKubernetesCollectorClusterRoleBinding(collector: DefaultedTapioCollector): V1ClusterRoleBinding | undefined {
  if (collector.spec.type !== 'kubernetes') return undefined;
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: clusterScopedMetadata(collector),
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: kubernetesCollectorClusterRoleName(collector) },
    subjects: [{ kind: 'ServiceAccount', name: collectorWorkloadName(collector), namespace: resourceNamespace(collector) }],
  };
}
