// Validation of a TickStorm as admission does it: defaults and the schema (validateResource), then
// what only the API server would check: the CEL rules, through their TypeScript twins. Used by the
// tests and the examples check, and by the operator for objects that did not come through admission.
import { validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import type { CrossFieldRule } from '../../support/cross-field-rule.ts';
import { withDefaults, type DefaultedTickStorm } from './defaults.ts';
import {
  autoscalingRules,
  configRules,
  gogcRules,
  limitRangeItemRules,
  resourcesRules,
  specRules,
  TickStormSchema,
  tickStormRules,
  tlsRules,
} from './tickstorm.ts';

export function validateTickStorm(value: unknown): ValidationResult<DefaultedTickStorm> {
  const checked = validateResource(TickStormSchema, value);
  if (!checked.ok) return checked;
  const tickStorm = withDefaults(checked.value);
  const errors = ruleSites.flatMap((check) => check(tickStorm));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: tickStorm };
}

/** The rules of one family, checked where they sit; a rule on an absent optional section does not run, as in the API server. */
function ruleSite<Self>(at: string, select: (tickStorm: DefaultedTickStorm) => Self | undefined, rules: readonly CrossFieldRule<Self>[]) {
  return (tickStorm: DefaultedTickStorm): ValidationIssue[] => {
    const self = select(tickStorm);
    if (self === undefined) return [];
    return rules.filter((rule) => !rule.holds(self)).map((rule) => ({ path: joinPath(at, rule.fieldPath), message: rule.message }));
  };
}

/** The rules of one family on every item of a list. */
function listRuleSite<Item>(at: string, select: (tickStorm: DefaultedTickStorm) => readonly Item[] | undefined, rules: readonly CrossFieldRule<Item>[]) {
  return (tickStorm: DefaultedTickStorm): ValidationIssue[] =>
    (select(tickStorm) ?? []).flatMap((item, index) => ruleSite(`${at}[${index}]`, () => item, rules)(tickStorm));
}

// Every family of CEL rules in the schema, at the object it sits on.
const ruleSites = [
  ruleSite('', (tickStorm) => tickStorm, tickStormRules),
  ruleSite('spec', (tickStorm) => tickStorm.spec, specRules),
  ruleSite('spec.resources', (tickStorm) => tickStorm.spec.resources, resourcesRules),
  ruleSite('spec.runtime.gogc', (tickStorm) => tickStorm.spec.runtime.gogc, gogcRules),
  ruleSite('spec.config', (tickStorm) => tickStorm.spec.config, configRules),
  ruleSite('spec.tls', (tickStorm) => tickStorm.spec.tls, tlsRules),
  ruleSite('spec.autoscaling', (tickStorm) => tickStorm.spec.autoscaling, autoscalingRules),
  listRuleSite('spec.namespaceGuard.limitRange.limits', (tickStorm) => tickStorm.spec.namespaceGuard?.limitRange.limits, limitRangeItemRules),
];

function joinPath(at: string, fieldPath: string | undefined): string {
  const relative = fieldPath?.replace(/^\./, '') ?? '';
  if (!relative) return at;
  if (!at) return relative;
  return relative.startsWith('[') ? `${at}${relative}` : `${at}.${relative}`;
}
