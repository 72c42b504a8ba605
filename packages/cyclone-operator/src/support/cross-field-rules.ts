// CEL rules kept as data beside the TypeBox schema, each with its TypeScript twin, and the runner that
// checks the twins where admission would run the CEL. Generic (StreamBus has the same pattern; a
// candidate for the kit's "generic CEL rules" helper, which would take both).
import type { ValidationIssue } from '@operators/k8s-common';

/**
 * A CEL rule (`x-kubernetes-validations`) together with the same rule in TypeScript. The API server
 * evaluates the CEL; `holds` lets the tests, and the operator for objects that bypassed admission,
 * check the same thing with the same message.
 */
export interface CrossFieldRule<Self> {
  rule: string;
  message: string;
  /** Relative to the object the rule sits on, e.g. `.certificateSecret`; the field the error names. */
  fieldPath?: string;
  holds: (self: Self) => boolean;
}

/** The rules as `x-kubernetes-validations` entries. */
export function celRules<Self>(rules: readonly CrossFieldRule<Self>[]): { rule: string; message: string; fieldPath?: string }[] {
  return rules.map(({ rule, message, fieldPath }) => (fieldPath ? { rule, message, fieldPath } : { rule, message }));
}

/** `field` must be set when `enabled` is true, the most common cross-field rule. */
export function requiredWhenEnabled<Field extends string>(
  field: Field,
  message: string,
): CrossFieldRule<{ enabled?: boolean } & { [K in Field]?: unknown }> {
  return {
    rule: `!has(self.enabled) || !self.enabled || has(self.${field})`,
    message,
    fieldPath: `.${field}`,
    holds: (self) => !self.enabled || self[field] !== undefined,
  };
}

/** Where a family of rules sits: the path of its object in the resource, and how to reach it. */
export function ruleSite<Resource, Self>(at: string, select: (resource: Resource) => Self | undefined, rules: readonly CrossFieldRule<Self>[]) {
  return (resource: Resource): ValidationIssue[] => {
    const self = select(resource);
    if (self === undefined) return [];
    return rules.filter((rule) => !rule.holds(self)).map((rule) => ({ path: joinPath(at, rule.fieldPath), message: rule.message }));
  };
}

function joinPath(at: string, fieldPath: string | undefined): string {
  const relative = fieldPath?.replace(/^\./, '') ?? '';
  return [at, relative].filter(Boolean).join('.');
}
