// Validation of a StreamBusCluster as admission would do it: defaults first, then the schema, then
// the cross-field rules (the TypeScript twins of the CRD's CEL rules) and the list-map keys. Used by
// the tests and the examples check; the operator can use it for objects it did not get from the API.
// libs/k8s-common's crd module will offer a generic validateResource; this one is to be replaced by it
// for the schema part.
import type { TLocalizedValidationError } from 'typebox/error';
import { Value } from 'typebox/value';
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
  type StreamBusCluster,
} from './streambuscluster.ts';

export interface FieldIssue {
  /** The offending field, e.g. `spec.replicas` or `spec.tolerations[0].effect`; empty for the whole object. */
  field: string;
  message: string;
}

export type ValidationResult =
  | { valid: true; cluster: DefaultedStreamBusCluster }
  | { valid: false; issues: FieldIssue[] };

export function validateStreamBusCluster(value: unknown): ValidationResult {
  const defaulted = Value.Default(StreamBusClusterSchema, structuredClone(value));
  const schemaIssues = schemaErrorsToIssues(Value.Errors(StreamBusClusterSchema, defaulted));
  if (schemaIssues.length > 0) return { valid: false, issues: schemaIssues };
  const cluster = withDefaults(defaulted as StreamBusCluster);
  const issues = [...crossFieldIssues(cluster), ...duplicateTenantIssues(cluster)];
  return issues.length > 0 ? { valid: false, issues } : { valid: true, cluster };
}

function ruleSite<Self>(at: string, select: (cluster: DefaultedStreamBusCluster) => Self, rules: readonly CrossFieldRule<Self>[]) {
  return (cluster: DefaultedStreamBusCluster): FieldIssue[] =>
    rules
      .filter((rule) => !rule.holds(select(cluster)))
      .map((rule) => ({ field: joinField(at, rule.fieldPath), message: rule.message }));
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

function crossFieldIssues(cluster: DefaultedStreamBusCluster): FieldIssue[] {
  return ruleSites.flatMap((check) => check(cluster));
}

/** The API server's check of `x-kubernetes-list-map-keys: [tenantId]`. */
function duplicateTenantIssues(cluster: DefaultedStreamBusCluster): FieldIssue[] {
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  (cluster.spec.multiTenancy.tenantOverrides ?? []).forEach((override, index) => {
    if (seen.has(override.tenantId)) {
      issues.push({ field: `spec.multiTenancy.tenantOverrides[${index}].tenantId`, message: `Duplicate value: tenantId "${override.tenantId}"` });
    }
    seen.add(override.tenantId);
  });
  return issues;
}

function joinField(at: string, fieldPath: string | undefined): string {
  const relative = fieldPath?.replace(/^\./, '') ?? '';
  return [at, relative].filter(Boolean).join('.');
}

/** `/spec/tolerations/0/effect` → `spec.tolerations[0].effect`; `/spec/podLabels/a~1b` → `spec.podLabels["a/b"]`. */
export function fieldOf(instancePath: string): string {
  if (!instancePath) return '';
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, segment) => {
      if (/^\d+$/.test(segment)) return `${path}[${segment}]`;
      if (/^[A-Za-z_$][\w$]*$/.test(segment)) return path ? `${path}.${segment}` : segment;
      return `${path}[${JSON.stringify(segment)}]`;
    }, '');
}

function schemaErrorsToIssues(errors: readonly TLocalizedValidationError[]): FieldIssue[] {
  // A union reports one error per branch plus one for itself; the branches say what was expected.
  const unionFields = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => fieldOf(error.instancePath)));
  const byField = new Map<string, string[]>();
  const add = (field: string, message: string) => {
    const messages = byField.get(field) ?? [];
    if (!messages.includes(message)) messages.push(message);
    byField.set(field, messages);
  };
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'anyOf':
      case 'additionalProperties': // reported as `unknown field` on the property itself
        break;
      case 'boolean':
        add(fieldOf(error.instancePath), 'unknown field');
        break;
      case 'required':
        for (const name of params.requiredProperties as string[]) add(fieldOf(`${error.instancePath}/${name}`), 'is required');
        break;
      case 'enum':
        add(fieldOf(error.instancePath), `must be one of: ${(params.allowedValues as unknown[]).join(', ')}`);
        break;
      case 'const':
        add(fieldOf(error.instancePath), `must be ${JSON.stringify(params.allowedValue)}`);
        break;
      default:
        add(fieldOf(error.instancePath), error.message);
    }
  }
  return [...byField].map(([field, messages]) => ({
    field,
    message: messages.join(unionFields.has(field) ? ' or ' : '; '),
  }));
}
