// A CEL rule (`x-kubernetes-validations`) together with the same rule in TypeScript, as StreamBus
// declares them. Generic: the kit's coming "CEL rules beside the schema" helper is meant to replace
// this file (the lead moves it); until then it lives here because an operator may not import another.

export interface CrossFieldRule<Self> {
  rule: string;
  message: string;
  /** Relative to the object the rule sits on, e.g. `.runtime.gomemlimit`; the field the error names. */
  fieldPath?: string;
  /** The TypeScript twin: the tests, and the operator for objects that bypassed admission, check the same thing. */
  holds: (self: Self) => boolean;
}

/** The rules as the CRD schema carries them. */
export function celRules<Self>(rules: readonly CrossFieldRule<Self>[]): { rule: string; message: string; fieldPath?: string }[] {
  return rules.map(({ rule, message, fieldPath }) => (fieldPath ? { rule, message, fieldPath } : { rule, message }));
}
