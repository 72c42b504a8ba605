// Validation of a CycloneApp as admission does it: defaults and the schema (validateResource), then
// what only the API server would check: the CEL rules, through their TypeScript twins, and the
// list-map keys. Used by the tests and the examples check, and by the operator for objects that did
// not come through admission.
import { validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import {
  appRules,
  autoscalingRules,
  configRules,
  CycloneAppSchema,
  securityContextRules,
  specRules,
  tlsRules,
  tracingRules,
} from './cycloneapp.ts';
import { ruleSite as genericRuleSite, type CrossFieldRule } from '../../support/cross-field-rules.ts';
import { withDefaults, type DefaultedCycloneApp } from './defaults.ts';

const ruleSite = <Self>(at: string, select: (app: DefaultedCycloneApp) => Self | undefined, rules: readonly CrossFieldRule<Self>[]) =>
  genericRuleSite(at, select, rules);

export function validateCycloneApp(value: unknown): ValidationResult<DefaultedCycloneApp> {
  const checked = validateResource(CycloneAppSchema, value);
  if (!checked.ok) return checked;
  const app = withDefaults(checked.value);
  const errors = [...crossFieldIssues(app), ...duplicateMountIssues(app)];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: app };
}

// Every family of CEL rules in the schema, at the object it sits on.
const ruleSites = [
  ruleSite('', (app) => app, appRules),
  ruleSite('spec', (app) => app.spec, specRules),
  ruleSite('spec.tls', (app) => app.spec.tls, tlsRules),
  ruleSite('spec.autoscaling', (app) => app.spec.autoscaling, autoscalingRules),
  ruleSite('spec.securityContext', (app) => app.spec.securityContext, securityContextRules),
  ruleSite('spec.observability.tracing', (app) => app.spec.observability.tracing, tracingRules),
  ruleSite('spec.config', (app) => app.spec.config, configRules),
];

function crossFieldIssues(app: DefaultedCycloneApp): ValidationIssue[] {
  return ruleSites.flatMap((check) => check(app));
}

/** The API server's check of `x-kubernetes-list-map-keys: [mountPath]`, in its words. */
function duplicateMountIssues(app: DefaultedCycloneApp): ValidationIssue[] {
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
