// Validation of a TickStorm as admission does it: defaults and the schema (validateResource), then
// what only the API server would check: the CEL rules, through their TypeScript twins (the kit's
// celRuleIssues finds each on the schema node it sits on). Used by the tests and the examples check,
// and by the operator for objects that did not come through admission.
import { celRuleIssues, validateResource, type ValidationResult } from '@operators/k8s-common';
import { withDefaults, type DefaultedTickStorm } from './defaults.ts';
import { TickStormSchema } from './tickstorm.ts';

export function validateTickStorm(value: unknown): ValidationResult<DefaultedTickStorm> {
  const checked = validateResource(TickStormSchema, value);
  if (!checked.ok) return checked;
  const tickStorm = withDefaults(checked.value);
  const errors = celRuleIssues(TickStormSchema, tickStorm);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: tickStorm };
}
