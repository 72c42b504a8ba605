// What the admission webhooks decide, as pure functions of the object under review: the mutating
// webhook writes the profile's defaults into a TapioCluster (so `kubectl get -o yaml` shows what the
// profile chose), the validating webhook rejects what cannot work, every message naming the field.
// The reconciler runs the same functions for objects that did not come through admission.
import type { AdmissionDecision, ValidationIssue, ValidationResult } from '@operators/k8s-common';
import { withClusterDefaults } from '../api/v1alpha1/defaults.ts';
import { applyProfileDefaults } from '../api/v1alpha1/profile.ts';
import type { TapioCluster } from '../api/v1alpha1/tapiocluster.ts';
import { validateTapioCluster, validateTapioCollector, validateTapioIntelligence } from '../api/v1alpha1/validation.ts';

/** The TapioCluster with its schema and profile defaults filled in; what the user set is kept. */
export function defaultTapioCluster(cluster: TapioCluster): TapioCluster {
  const defaulted = withClusterDefaults(cluster);
  return { ...cluster, spec: applyProfileDefaults(defaulted.spec) as TapioCluster['spec'] };
}

/** `spec.x: why; spec.y: why`: one message, every field named, as kubectl prints it. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}

function decision(result: ValidationResult<unknown>): AdmissionDecision {
  return result.ok ? { allowed: true } : { allowed: false, message: describeIssues(result.errors), reason: 'Invalid', code: 422 };
}

export const admitTapioCluster = (object: unknown): AdmissionDecision => decision(validateTapioCluster(object));
export const admitTapioCollector = (object: unknown): AdmissionDecision => decision(validateTapioCollector(object));
export const admitTapioIntelligence = (object: unknown): AdmissionDecision => decision(validateTapioIntelligence(object));
