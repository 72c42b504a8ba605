// A CEL rule kept as data beside the schema, with the same rule in TypeScript. Candidate for the kit
// (the generic "CEL rules beside the TypeBox schema" helper may replace it); StreamBus declares the
// same shape in its API file.
import type { ValidationIssue } from '@operators/k8s-common';

/**
 * A CEL rule (`x-kubernetes-validations`) together with the same rule in TypeScript. The API server
 * evaluates the CEL; `holds` lets the tests, the validating webhook and the reconciler (for objects
 * that bypassed admission) check the same thing with the same message.
 */
export interface CrossFieldRule<Self> {
  rule: string;
  message: string;
  /** Relative to the object the rule sits on, e.g. `.schedule`; the field the error names. */
  fieldPath?: string;
  holds: (self: Self) => boolean;
}

/** The rules as `x-kubernetes-validations` entries. */
export function celRules<Self>(rules: readonly CrossFieldRule<Self>[]): { rule: string; message: string; fieldPath?: string }[] {
  return rules.map(({ rule, message, fieldPath }) => (fieldPath ? { rule, message, fieldPath } : { rule, message }));
}

/** The TypeScript twins of `rules`, evaluated on the object at `at` (a field path such as `spec.nats`). */
export function brokenRules<Self>(at: string, self: Self | undefined, rules: readonly CrossFieldRule<Self>[]): ValidationIssue[] {
  // The API server evaluates a rule only when the object it sits on is present.
  if (self === undefined) return [];
  return rules.filter((rule) => !rule.holds(self)).map((rule) => ({ path: joinFieldPath(at, rule.fieldPath), message: rule.message }));
}

/** `spec.nats` + `.replicas` → `spec.nats.replicas`. */
export function joinFieldPath(at: string, fieldPath: string | undefined): string {
  const relative = fieldPath?.replace(/^\./, '') ?? '';
  return [at, relative].filter(Boolean).join('.');
}
