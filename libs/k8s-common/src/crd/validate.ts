import type { Static, TSchema } from 'typebox';
import type { TLocalizedValidationError } from 'typebox/error';
import { Settings } from 'typebox/system';
import { Value } from 'typebox/value';
import { propertyPath } from './to-crd.ts';

export interface ValidationIssue {
  /** Field path such as `spec.ports[0].name`; empty for the value itself. */
  path: string;
  message: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: ValidationIssue[] };

export class ResourceValidationError extends Error {
  readonly issues: readonly ValidationIssue[];
  constructor(issues: readonly ValidationIssue[]) {
    super(formatValidationErrors(issues));
    this.name = 'ResourceValidationError';
    this.issues = issues;
  }
}

/**
 * Checks a resource against the schema its CRD was generated from, after filling in the schema's
 * defaults as kube-apiserver does before validating. The input is not modified.
 *
 * CEL rules (`x-kubernetes-validations`) are not evaluated: only the API server runs them, so a value
 * that passes here can still be rejected when it is written.
 */
export function validateResource<S extends TSchema>(schema: S, value: unknown): ValidationResult<Static<S>> {
  const defaulted = Value.Default(schema, Value.Clone(value));
  const errors = allErrors(schema, defaulted);
  if (errors.length === 0) return { ok: true, value: defaulted as Static<S> };
  return { ok: false, errors: toIssues(schema, errors) };
}

// TypeBox stops after 8 errors by default (a guard against huge inputs), and each alternative of a
// failed union spends some of them, so one bad field could hide the next. Still bounded.
const MAX_ERRORS = 100;

function allErrors(schema: TSchema, value: unknown): TLocalizedValidationError[] {
  const previous = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: Math.max(previous, MAX_ERRORS) });
  try {
    return Value.Errors(schema, value);
  } finally {
    Settings.Set({ maxErrors: previous });
  }
}

/** Like {@link validateResource}, but returns the defaulted value or throws {@link ResourceValidationError}. */
export function parseResource<S extends TSchema>(schema: S, value: unknown): Static<S> {
  const result = validateResource(schema, value);
  if (!result.ok) throw new ResourceValidationError(result.errors);
  return result.value;
}

/** One line, e.g. `spec.replicas: must be >= 0; spec.image: is required`. */
export function formatValidationErrors(issues: readonly ValidationIssue[]): string {
  return issues.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
}

const TYPE_MISMATCH_KEYWORDS = new Set(['type', 'const', 'enum', 'anyOf', 'oneOf']);

function toIssues(schema: TSchema, errors: TLocalizedValidationError[]): ValidationIssue[] {
  const issues = collapseUnions(schema, errors).flatMap((error) => describe(schema, error));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\n${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * A failed union reports every alternative's complaint. Keep the alternative whose type matched
 * (its errors are about the value's content) or else replace them all with one "must be …".
 */
function collapseUnions(schema: TSchema, errors: TLocalizedValidationError[]): TLocalizedValidationError[] {
  const dropped = new Set<TLocalizedValidationError>();
  const unions = errors
    .filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf')
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const union of unions) {
    if (dropped.has(union)) continue;
    const prefix = `${union.schemaPath}/${union.keyword}/`;
    const byAlternative = new Map<string, TLocalizedValidationError[]>();
    for (const error of errors) {
      if (dropped.has(error) || !error.schemaPath.startsWith(prefix)) continue;
      const index = error.schemaPath.slice(prefix.length).split('/')[0] ?? '';
      byAlternative.set(index, [...(byAlternative.get(index) ?? []), error]);
    }
    const matched = [...byAlternative.values()]
      .filter((group) => !group.some((error) => error.instancePath === union.instancePath && TYPE_MISMATCH_KEYWORDS.has(error.keyword)))
      .sort((a, b) => a.length - b.length)[0];
    for (const group of byAlternative.values()) {
      if (group !== matched) for (const error of group) dropped.add(error);
    }
    if (matched) dropped.add(union);
  }
  return errors.filter((error) => !dropped.has(error));
}

function describe(schema: TSchema, error: TLocalizedValidationError): ValidationIssue[] {
  const path = instancePathToFieldPath(error.instancePath);
  switch (error.keyword) {
    case 'required':
      return error.params.requiredProperties.map((name) => ({ path: propertyPath(path, name), message: 'is required' }));
    case 'additionalProperties':
      return error.params.additionalProperties.map((name) => ({ path: propertyPath(path, name), message: 'is not a known field' }));
    case 'boolean':
      // `additionalProperties: false` also fails each extra member with "schema is false"; the
      // additionalProperties error above already names them.
      return error.schemaPath.endsWith('/additionalProperties') ? [] : [{ path, message: error.message }];
    case 'enum':
      return [{ path, message: `must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'const':
      return [{ path, message: `must be ${JSON.stringify(error.params.allowedValue)}` }];
    case 'anyOf':
    case 'oneOf':
      return [{ path, message: describeUnion(schemaAt(schema, error.schemaPath), error.keyword) }];
    default:
      return [{ path, message: error.message }];
  }
}

function describeUnion(node: unknown, keyword: 'anyOf' | 'oneOf'): string {
  const alternatives = isRecord(node) && Array.isArray(node[keyword]) ? (node[keyword] as unknown[]).filter(isRecord) : [];
  if (alternatives.length === 0) return 'does not match any allowed type';
  const literals = alternatives.filter((alternative) => 'const' in alternative);
  if (literals.length === alternatives.length) return `must be one of ${literals.map((literal) => JSON.stringify(literal.const)).join(', ')}`;
  const names = alternatives.map((alternative) =>
    'const' in alternative ? JSON.stringify(alternative.const) : typeof alternative.type === 'string' ? alternative.type : 'a matching value',
  );
  return `must be ${[...new Set(names)].join(' or ')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaAt(schema: TSchema, schemaPath: string): unknown {
  let node: unknown = schema;
  for (const segment of pointerSegments(schemaPath.replace(/^#/, ''))) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((segment) => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** `/spec/ports/0/name` → `spec.ports[0].name`. */
function instancePathToFieldPath(instancePath: string): string {
  return pointerSegments(instancePath).reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : propertyPath(path, segment)), '');
}
