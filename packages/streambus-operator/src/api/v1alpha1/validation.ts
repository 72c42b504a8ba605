// Validation of a StreamBusCluster as admission does it: defaults and the schema (validateResource),
// then what only the API server would check: the CEL rules, through their TypeScript twins, and the
// list-map keys. Used by the tests and the examples check, and by the operator for objects that did
// not come through admission.
import { validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import { withDefaults, type DefaultedStreamBusCluster } from './defaults.ts';
import {
  authenticationRules,
  clusterRules,
  configRules,
  securityRules,
  StreamBusClusterSchema,
  tlsRules,
  tracingRules,
  type CrossFieldRule,
} from './streambuscluster.ts';

export function validateStreamBusCluster(value: unknown): ValidationResult<DefaultedStreamBusCluster> {
  const checked = validateResource(StreamBusClusterSchema, value);
  if (!checked.ok) return checked;
  const cluster = withDefaults(checked.value);
  const errors = [...crossFieldIssues(cluster), ...duplicateTenantIssues(cluster)];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: cluster };
}

function ruleSite<Self>(at: string, select: (cluster: DefaultedStreamBusCluster) => Self, rules: readonly CrossFieldRule<Self>[]) {
  return (cluster: DefaultedStreamBusCluster): ValidationIssue[] =>
    rules
      .filter((rule) => !rule.holds(select(cluster)))
      .map((rule) => ({ path: joinPath(at, rule.fieldPath), message: rule.message }));
}

// Every family of CEL rules in the schema, at the object it sits on.
const ruleSites = [
  ruleSite('', (cluster) => cluster, clusterRules),
  ruleSite('spec.config', (cluster) => cluster.spec.config, configRules),
  ruleSite('spec.security', (cluster) => cluster.spec.security, securityRules),
  ruleSite('spec.security.tls', (cluster) => cluster.spec.security.tls, tlsRules),
  ruleSite('spec.security.authentication', (cluster) => cluster.spec.security.authentication, authenticationRules),
  ruleSite('spec.observability.tracing', (cluster) => cluster.spec.observability.tracing, tracingRules),
];

function crossFieldIssues(cluster: DefaultedStreamBusCluster): ValidationIssue[] {
  return ruleSites.flatMap((check) => check(cluster));
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

function joinPath(at: string, fieldPath: string | undefined): string {
  const relative = fieldPath?.replace(/^\./, '') ?? '';
  return [at, relative].filter(Boolean).join('.');
}
