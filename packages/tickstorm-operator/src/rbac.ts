// The operator's permissions, next to the code that needs them (as kubebuilder's markers are).
// The chart's rules are generated from this list (charts/tickstorm-operator/files/, by
// `npx nx run tickstorm-operator:generate`), and the e2e suite runs the operator with exactly those
// rules, so a missing one fails a test and an unused one is a review finding.
import type { PolicyRule } from '@operators/k8s-common';

const CHILD_VERBS = ['get', 'list', 'watch', 'create', 'patch', 'delete'];

export const operatorRules: PolicyRule[] = [
  // The primary resource, read through the cache (list/watch).
  { apiGroups: ['tickstorm.io'], resources: ['tickstorms'], verbs: ['get', 'list', 'watch'] },
  // Status is written with server-side apply on the status subresource: a patch, nothing else.
  { apiGroups: ['tickstorm.io'], resources: ['tickstorms/status'], verbs: ['patch'] },
  // Owner references with blockOwnerDeletion need update on the owner's finalizers where the
  // OwnerReferencesPermissionEnforcement admission plugin runs.
  { apiGroups: ['tickstorm.io'], resources: ['tickstorms/finalizers'], verbs: ['update'] },
  // Children applied with server-side apply (create on first apply, patch after), cached (list/watch),
  // and deleted when the spec no longer asks for them (autoscaling, networkPolicy, namespaceGuard removed).
  { apiGroups: [''], resources: ['configmaps', 'services', 'serviceaccounts', 'resourcequotas', 'limitranges'], verbs: CHILD_VERBS },
  { apiGroups: ['apps'], resources: ['deployments'], verbs: CHILD_VERBS },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: CHILD_VERBS },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: CHILD_VERBS },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: CHILD_VERBS },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: CHILD_VERBS },
  // Read directly, never cached: whether the Secrets the spec names exist; the generated auth Secret
  // is created once, and patched only to add or remove its owner reference (auth.deleteGeneratedSecretOnDelete
  // switched). list and watch are never used: the API server lets the operator grant the server's
  // Role (read access to its own Secrets) only if the operator holds that access itself.
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
  // Pods: why a rollout cannot progress, and containers OOMKilled (ResourcePressure); the server's Role reads them too.
  { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch'] },
  // Optional: only where prometheus-operator's / cert-manager's CRDs are installed; read directly, not cached.
  { apiGroups: ['monitoring.coreos.com'], resources: ['servicemonitors'], verbs: ['get', 'create', 'patch', 'delete'] },
  { apiGroups: ['cert-manager.io'], resources: ['certificates'], verbs: ['get', 'create', 'patch', 'delete'] },
  // Written by the event recorder; listed (FailedCreate of the Deployment's pods) only while pods are missing.
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['list', 'create', 'patch'] },
];

/** In the operator's own namespace only. */
export const leaderElectionRules: PolicyRule[] = [{ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }];
