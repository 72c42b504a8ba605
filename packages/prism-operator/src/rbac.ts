// The operator's permissions, next to the code that needs them (as kubebuilder's markers are).
// The chart's rules are generated from this list (charts/prism-operator/files/, by
// `npx nx run prism-operator:generate`), and the e2e suite runs the operator with exactly those
// rules, so a missing one fails a test and an unused one is a review finding.
import type { PolicyRule } from '@operators/k8s-common';

export const operatorRules: PolicyRule[] = [
  // The primary resources, read through the cache (list/watch).
  { apiGroups: ['prism.io'], resources: ['prismstacks'], verbs: ['get', 'list', 'watch'] },
  // A stack's PrismPatterns and PrismBackends are its children: applied with server-side apply,
  // deleted when their entry is removed; patterns read their backends.
  { apiGroups: ['prism.io'], resources: ['prismpatterns', 'prismbackends'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  // Status is written with server-side apply on the status subresource: a patch, nothing else.
  { apiGroups: ['prism.io'], resources: ['prismstacks/status', 'prismpatterns/status', 'prismbackends/status'], verbs: ['patch'] },
  // Owner references with blockOwnerDeletion need update on the owner's finalizers where the
  // OwnerReferencesPermissionEnforcement admission plugin runs.
  { apiGroups: ['prism.io'], resources: ['prismstacks/finalizers', 'prismpatterns/finalizers'], verbs: ['update'] },
  // The children of patterns and stacks (runners, proxy, admin), applied with server-side apply (create on first apply, patch after),
  // deleted when no longer desired (an HPA when the pattern switches to KEDA).
  { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  // KEDA's objects, read directly (not cached: the CRDs may be absent), listed to find stale
  // TriggerAuthentications, deleted when the pattern switches back to HPA.
  { apiGroups: ['keda.sh'], resources: ['scaledobjects', 'triggerauthentications'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
  // A stack's ServiceMonitor (prometheus-operator), read directly (the CRD may be absent), deleted when switched off.
  { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'create', 'patch', 'delete'] },
  // A backend's Secrets: read directly for their key names (never cached, never logged), and their
  // resourceVersions so rotated credentials roll the runners.
  { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
  // Pods say why a rollout cannot progress (unschedulable, cannot start).
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  // Written by the event recorder.
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
];

/**
 * Cluster-wide, only with `--set tenantNamespaces=true` (the chart's settings.tenantNamespaces):
 * what the PrismNamespace controller needs, in every namespace it provisions.
 */
export const tenancyRules: PolicyRule[] = [
  // The cluster-scoped primary resource; the finalizer is added and removed with a patch.
  { apiGroups: ['prism.io'], resources: ['prismnamespaces'], verbs: ['get', 'list', 'watch', 'patch'] },
  { apiGroups: ['prism.io'], resources: ['prismnamespaces/status'], verbs: ['patch'] },
  { apiGroups: ['prism.io'], resources: ['prismnamespaces/finalizers'], verbs: ['update'] },
  // The tenant Namespaces: created and labelled with server-side apply, deleted by deletionPolicy.
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  // The children inside a tenant Namespace, read directly (outside the watched namespaces), listed
  // to prune and release, patched to drop the owner reference on Retain.
  { apiGroups: [''], resources: ['resourcequotas', 'limitranges'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
  // A RoleBinding to a ClusterRole the operator does not hold itself (edit, view ...) needs bind on it:
  // whoever may create PrismNamespaces may grant any ClusterRole inside a tenant Namespace.
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] },
  // What counts as a workload, for DeleteIfEmpty.
  { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets'], verbs: ['list'] },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: ['list'] },
  { apiGroups: ['prism.io'], resources: ['prismstacks', 'prismpatterns'], verbs: ['list'] },
  // Events about a PrismNamespace are written in the default namespace.
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
];

/** In the operator's own namespace only. */
export const leaderElectionRules: PolicyRule[] = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }];
