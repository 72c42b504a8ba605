// A cross-field rule declared once, beside the schema node it constrains: the CEL the API server
// runs at admission (`x-kubernetes-validations`) and, where the reconciler needs it (objects stored
// before a stricter CRD, objects built in tests), the same rule in TypeScript with the same message.
// Transition rules (oldSelf) have no TypeScript twin: only the API server sees the old object.
import type { TSchema } from 'typebox';
import type { ValidationRule } from './to-crd.ts';
import type { ValidationIssue } from './validate.ts';

export interface CelRule<Self = never> extends ValidationRule {
  /** The rule in TypeScript, for the value at the node the rule sits on (with its defaults). */
  holds?: (self: Self) => boolean;
}

/** Where the TypeScript twins hide on a schema node: a symbol, so no CRD or JSON ever carries them. */
const TWINS = Symbol.for('operators.k8s-common/cel-rules');

type WithTwins = TSchema & { [TWINS]?: readonly CelRule<unknown>[]; 'x-kubernetes-validations'?: ValidationRule[] };

/** The rules as `x-kubernetes-validations` (for a CRD version's root `validations`). */
export function celValidations<Self>(rules: readonly CelRule<Self>[]): ValidationRule[] {
  return rules.map(({ holds: _holds, ...rule }) => rule);
}

/**
 * `schema` with `rules` added to its `x-kubernetes-validations`, their TypeScript twins kept for
 * `celRuleIssues`. Pass `Self` (the stored type of this node) to type the twins.
 */
export function withCelRules<S extends TSchema, Self = unknown>(schema: S, rules: readonly CelRule<Self>[]): S {
  const node = schema as WithTwins;
  // A copy with every property descriptor: TypeBox keeps its kind in non-enumerable keys, which a spread would drop.
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(schema)) as WithTwins;
  copy['x-kubernetes-validations'] = [...(node['x-kubernetes-validations'] ?? []), ...celValidations(rules)];
  copy[TWINS] = [...(node[TWINS] ?? []), ...(rules as readonly CelRule<unknown>[])];
  return copy as S;
}

/**
 * Runs every TypeScript twin found in `schema` against `value` (which should carry its defaults,
 * as a stored object does), at the node each rule sits on, and names the field as the API server
 * would: the node's path plus the rule's fieldPath.
 */
export function celRuleIssues(schema: TSchema, value: unknown, path = ''): ValidationIssue[] {
  if (value === undefined) return [];
  const node = schema as WithTwins & { type?: unknown; properties?: Record<string, TSchema>; items?: TSchema };
  const issues: ValidationIssue[] = [];
  for (const rule of node[TWINS] ?? []) {
    if (rule.holds && !rule.holds(value)) issues.push({ path: joinPath(path, rule.fieldPath), message: rule.message ?? rule.rule });
  }
  if (node.properties && isRecord(value)) {
    for (const [key, property] of Object.entries(node.properties)) issues.push(...celRuleIssues(property, value[key], joinPath(path, key)));
  }
  if (node.items && Array.isArray(value)) {
    value.forEach((item, index) => issues.push(...celRuleIssues(node.items!, item, `${path}[${index}]`)));
  }
  return issues;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinPath(at: string, relative: string | undefined): string {
  const rest = relative?.replace(/^\./, '') ?? '';
  return [at, rest].filter(Boolean).join('.');
}
