// The most common cross-field rule, which the kit's CelRule has no helper for: a field that must be
// set when `enabled` is true. Generic (a candidate for libs/k8s-common/src/crd/cel-rules.ts).
import type { CelRule } from '@operators/k8s-common';

/** `field` must be set when `enabled` is true; the error names the field. */
export function requiredWhenEnabled<Field extends string>(
  field: Field,
  message: string,
): CelRule<{ enabled?: boolean } & { [K in Field]?: unknown }> {
  return {
    rule: `!has(self.enabled) || !self.enabled || has(self.${field})`,
    message,
    fieldPath: `.${field}`,
    holds: (self) => !self.enabled || self[field] !== undefined,
  };
}
