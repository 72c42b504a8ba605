// Validation of a StreamBusCluster as admission does it: defaults and the schema (validateResource),
// then what only the API server would check: the CEL rules, through their TypeScript twins, and the
// list-map keys. Used by the tests and the examples check, and by the operator for objects that did
// not come through admission.
import { celRuleIssues, validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import { withDefaults, type DefaultedStreamBusCluster } from './defaults.ts';
import { StreamBusClusterSchema } from './streambuscluster.ts';

export function validateStreamBusCluster(value: unknown): ValidationResult<DefaultedStreamBusCluster> {
  const checked = validateResource(StreamBusClusterSchema, value);
  if (!checked.ok) return checked;
  const cluster = withDefaults(checked.value);
  const errors = [...celRuleIssues(StreamBusClusterSchema, cluster), ...duplicateTenantIssues(cluster)];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: cluster };
}

/** The API server's check of `x-kubernetes-list-map-keys: [tenantId]`, in its words. */
function duplicateTenantIssues(cluster: DefaultedStreamBusCluster): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  (cluster.spec.multiTenancy.tenantOverrides ?? []).forEach(({ tenantId }, index) => {
    if (seen.has(tenantId)) {
      issues.push({ path: `spec.multiTenancy.tenantOverrides[${index}]`, message: `Duplicate value: ${JSON.stringify({ tenantId })}` });
    }
    seen.add(tenantId);
  });
  return issues;
}
