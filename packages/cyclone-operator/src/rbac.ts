// The operator's permissions, next to the code that needs them (as kubebuilder's markers are).
// The chart's rules are generated from these lists (charts/cyclone-operator/files/, by
// `npx nx run cyclone-operator:generate`), and the e2e suite runs the operator with exactly those
// rules, so a missing one fails a test and an unused one is a review finding.
import type { PolicyRule } from '@operators/k8s-common';

const CHILD_VERBS = ['get', 'list', 'watch', 'create', 'patch', 'delete'];

export const operatorRules: PolicyRule[] = [
  // The primary resource, read through the cache (list/watch).
  { apiGroups: ['cyclone.dev'], resources: ['cycloneapps'], verbs: ['get', 'list', 'watch'] },
  // Status is written with server-side apply on the status subresource: a patch, nothing else.
  { apiGroups: ['cyclone.dev'], resources: ['cycloneapps/status'], verbs: ['patch'] },
  // Owner references with blockOwnerDeletion need update on the owner's finalizers where the
  // OwnerReferencesPermissionEnforcement admission plugin runs.
  { apiGroups: ['cyclone.dev'], resources: ['cycloneapps/finalizers'], verbs: ['update'] },
  // Children applied with server-side apply (create on first apply, patch after), deleted when no longer desired.
  { apiGroups: [''], resources: ['configmaps', 'services'], verbs: CHILD_VERBS },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: CHILD_VERBS },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: CHILD_VERBS },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: CHILD_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: CHILD_VERBS },
  // Optional child, read and written directly (reconcileOptionalChild), where the CRD is served.
  { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'create', 'patch', 'delete'] },
  // Pods say why a rollout cannot progress (unschedulable, cannot start).
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  // The TLS Secret is checked for existence by a direct GET, never listed or cached.
  { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
  // Written by the event recorder.
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'patch'] },
];

/**
 * Cluster-wide whatever rbac.scope says: nodes are cluster-scoped, and whether any node carries a
 * capability label decides the NodeCapabilities condition. Read only.
 */
export const nodeRules: PolicyRule[] = [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] }];

/** In the operator's own namespace only. */
export const leaderElectionRules: PolicyRule[] = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }];
