// The operator's permissions, next to the code that needs them (as kubebuilder's markers are).
// The chart's rules are generated from this list (charts/streambus-operator/files/rbac-rules.yaml,
// by `nx run streambus-operator:generate`), and the e2e suite runs the operator with exactly
// those rules, so a missing one fails a test and an unused one is a review finding.
import type { PolicyRule } from '@operators/k8s-common';

export const operatorRules: PolicyRule[] = [
  // The primary resource, read through the cache (list/watch).
  { apiGroups: ['streambus.io'], resources: ['streambusclusters'], verbs: ['get', 'list', 'watch'] },
  // Status is written with server-side apply on the status subresource: a patch, nothing else.
  { apiGroups: ['streambus.io'], resources: ['streambusclusters/status'], verbs: ['patch'] },
  // Owner references with blockOwnerDeletion need update on the owner's finalizers where the
  // OwnerReferencesPermissionEnforcement admission plugin runs (OpenShift, hardened clusters).
  { apiGroups: ['streambus.io'], resources: ['streambusclusters/finalizers'], verbs: ['update'] },
  // Children applied with server-side apply (create on first apply, patch after); garbage
  // collection, not the operator, deletes them with their cluster.
  { apiGroups: [''], resources: ['configmaps', 'services'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
  { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
  // Deleted when the spec no longer asks for them (replicas down to 1, isolation switched off).
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'delete'] },
  // Read directly, never cached: only whether a TLS Secret the spec names exists.
  { apiGroups: [''], resources: ['secrets'], verbs: ['get'] },
  // The StatefulSet uses OnDelete: the operator rolls brokers one at a time by deleting pods.
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'delete'] },
  // Optional: only where prometheus-operator's CRD is installed; read directly, not cached.
  { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'create', 'patch', 'delete'] },
  // Written by the event recorder; listed (FailedCreate of a broker StatefulSet) only while pods are missing.
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['list', 'create', 'patch'] },
];

/** In the operator's own namespace only. */
export const leaderElectionRules: PolicyRule[] = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }];

