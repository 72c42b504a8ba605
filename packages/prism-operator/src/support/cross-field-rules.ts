// Generic, meant for libs/k8s-common (the kit's CEL-rules helper will replace it): a CEL rule
// together with the same rule in TypeScript, and the check of a value against a family of rules
// at the place in the object where the API server evaluates them.
import type { ValidationIssue } from '@operators/k8s-common';

/**
 * A CEL rule (`x-kubernetes-validations`) and its TypeScript twin. The API server evaluates the
 * CEL; `holds` lets the unit tests, and the operator for objects that bypassed admission, check
 * the same thing with the same message.
 */
export interface CrossFieldRule<Self> {
  rule: string;
  message: string;
  /** Relative to the object the rule sits on, e.g. `.triggers`; the field the error names. */
  fieldPath?: string;
  holds: (self: Self) => boolean;
}

/** The rules as the CRD spells them. */
export function celRules<Self>(rules: readonly CrossFieldRule<Self>[]): { rule: string; message: string; fieldPath?: string }[] {
  return rules.map(({ rule, message, fieldPath }) => (fieldPath ? { rule, message, fieldPath } : { rule, message }));
}

/** The rules `value` breaks, as issues at `at` (e.g. `spec.autoscaling`) joined with each rule's fieldPath. */
export function brokenRules<Self>(at: string, value: Self, rules: readonly CrossFieldRule<Self>[]): ValidationIssue[] {
  return rules.filter((rule) => !rule.holds(value)).map((rule) => ({ path: joinFieldPath(at, rule.fieldPath), message: rule.message }));
}

export function joinFieldPath(at: string, fieldPath: string | undefined): string {
  const relative = fieldPath?.replace(/^\./, '') ?? '';
  return [at, relative].filter(Boolean).join('.');
}

/** The API server's check of `x-kubernetes-list-map-keys: [key]`, in its words. */
export function duplicateKeyIssues<T>(at: string, items: readonly T[] | undefined, key: keyof T & string): ValidationIssue[] {
  const seen = new Set<unknown>();
  const issues: ValidationIssue[] = [];
  (items ?? []).forEach((item, index) => {
    const value = item[key];
    if (seen.has(value)) issues.push({ path: `${at}[${index}]`, message: `Duplicate value: ${JSON.stringify({ [key]: value })}` });
    seen.add(value);
  });
  return issues;
}
