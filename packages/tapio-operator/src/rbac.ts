// The operator's permissions, next to the code that needs them (as kubebuilder's markers are).
// The chart's rules are generated from this list (charts/tapio-operator/files/, by
// `npx nx run tapio-operator:generate`), and the e2e suite runs the operator with exactly those
// rules, so a missing one fails a test and an unused one is a review finding.
import type { PolicyRule } from '@operators/k8s-common';

/** Applied with server-side apply (create on first apply, patch after), read through the cache, deleted when no longer desired. */
const CHILD_VERBS = ['get', 'list', 'watch', 'create', 'patch', 'delete'];

export const operatorRules: PolicyRule[] = [
  // The three kinds: read through the cache; the TapioCluster controller applies and prunes the other two.
  { apiGroups: ['tapio.io'], resources: ['tapioclusters'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['tapio.io'], resources: ['tapiocollectors', 'tapiointelligences'], verbs: CHILD_VERBS },
  // Status is written with server-side apply on the status subresource: a patch, nothing else.
  { apiGroups: ['tapio.io'], resources: ['tapioclusters/status', 'tapiocollectors/status', 'tapiointelligences/status'], verbs: ['patch'] },
  // Owner references with blockOwnerDeletion need update on the owner's finalizers where the
  // OwnerReferencesPermissionEnforcement admission plugin runs.
  { apiGroups: ['tapio.io'], resources: ['tapioclusters/finalizers', 'tapiocollectors/finalizers', 'tapiointelligences/finalizers'], verbs: ['update'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: CHILD_VERBS },
  { apiGroups: [''], resources: ['services', 'configmaps', 'serviceaccounts', 'persistentvolumeclaims'], verbs: CHILD_VERBS },
  // Generated passwords: read directly (never listed, watched or cached) and created once; the NATS
  // credentials Secret is updated (with its resourceVersion) by each step of a rotation.
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'update'] },
  { apiGroups: ['batch'], resources: ['cronjobs', 'jobs'], verbs: CHILD_VERBS },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: CHILD_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: CHILD_VERBS },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: CHILD_VERBS },
  // The Kubernetes API collector's read-only ClusterRole and its binding: read directly by name,
  // applied, and deleted when the collector goes (cluster-scoped objects take no owner reference
  // to a namespaced one). Binding a role needs every permission it grants (escalation check), so
  // the operator also holds the collector's read-only rules below.
  // At start the operator lists the ClusterRoles it made, to collect those of collectors deleted while it was down.
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterrolebindings'], verbs: ['get', 'create', 'patch', 'delete'] },
  {
    apiGroups: [''],
    resources: ['nodes', 'endpoints', 'events', 'namespaces', 'persistentvolumes', 'replicationcontrollers'],
    verbs: ['get', 'list', 'watch'],
  },
  { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
  // Pod Security admission labels on the namespace (server-side apply of the labels alone).
  { apiGroups: [''], resources: ['namespaces'], verbs: ['patch'] },
  // Pods say why a rollout cannot progress (unschedulable, cannot start).
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  // Self-managed webhook TLS: the CA bundle is injected into the chart's webhook configurations.
  { apiGroups: ['admissionregistration.k8s.io'], resources: ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations'], verbs: ['get', 'patch'] },
  // Optional add-ons, applied only when discovery finds their CRDs.
  { apiGroups: ['autoscaling.k8s.io'], resources: ['verticalpodautoscalers'], verbs: ['get', 'create', 'patch', 'delete'] },
  { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'create', 'patch', 'delete'] },
];

/** In the operator's own namespace only: the Lease, and the webhook CA every replica shares (a Secret, read directly). */
export const leaderElectionRules: PolicyRule[] = [
  { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'create', 'update'] },
];
