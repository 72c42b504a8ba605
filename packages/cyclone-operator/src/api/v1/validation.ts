// Validation of a CycloneApp as admission does it: defaults and the schema (validateResource), then
// what only the API server would check: the CEL rules, through their TypeScript twins, and the
// list-map keys. Used by the tests and the examples check, and by the operator for objects that did
// not come through admission.
import { celRuleIssues, validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import { appRules, CycloneAppSchema } from './cycloneapp.ts';
import { withDefaults, type StoredCycloneApp } from './defaults.ts';

export function validateCycloneApp(value: unknown): ValidationResult<StoredCycloneApp> {
  const checked = validateResource(CycloneAppSchema, value);
  if (!checked.ok) return checked;
  const app = withDefaults(checked.value);
  const errors = [...crossFieldIssues(app), ...duplicateMountIssues(app)];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: app };
}

/** Every CEL rule's TypeScript twin: those in the schema where they sit, and the CRD root's (metadata.name). */
function crossFieldIssues(app: StoredCycloneApp): ValidationIssue[] {
  const root = appRules.filter((rule) => rule.holds && !rule.holds(app)).map((rule) => ({ path: '', message: rule.message ?? rule.rule }));
  return [...root, ...celRuleIssues(CycloneAppSchema, app)];
}

/** The API server's check of `x-kubernetes-list-map-keys: [mountPath]`, in its words. */
function duplicateMountIssues(app: StoredCycloneApp): ValidationIssue[] {
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  (app.spec.securityContext.hugepages ?? []).forEach(({ mountPath }, index) => {
    if (seen.has(mountPath)) {
      issues.push({ path: `spec.securityContext.hugepages[${index}]`, message: `Duplicate value: ${JSON.stringify({ mountPath })}` });
    }
    seen.add(mountPath);
  });
  return issues;
}
