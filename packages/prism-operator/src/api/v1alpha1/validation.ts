// Validation of the Prism resources as admission does it: defaults and the schema
// (validateResource), then what only the API server would check: the CEL rules, through their
// TypeScript twins at the place each sits (celRuleIssues), and the list-map keys. Used by the
// tests and the examples check, and by the operator for objects that did not come through admission.
import { celRuleIssues, validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import type { Static, TSchema } from 'typebox';
import { duplicateKeyIssues } from '../../support/list-map-keys.ts';
import {
  backendWithDefaults,
  namespaceWithDefaults,
  patternWithDefaults,
  stackWithDefaults,
  type DefaultedPrismBackend,
  type DefaultedPrismNamespace,
  type DefaultedPrismPattern,
  type DefaultedPrismStack,
} from './defaults.ts';
import { PrismBackendSchema } from './prismbackend.ts';
import { PrismNamespaceSchema } from './prismnamespace.ts';
import { PrismPatternSchema } from './prismpattern.ts';
import { PrismStackSchema } from './prismstack.ts';

export function validatePrismPattern(value: unknown): ValidationResult<DefaultedPrismPattern> {
  return validate(PrismPatternSchema, value, patternWithDefaults, (pattern) => duplicateKeyIssues('spec.env', pattern.spec.env, 'name'));
}

export function validatePrismBackend(value: unknown): ValidationResult<DefaultedPrismBackend> {
  return validate(PrismBackendSchema, value, backendWithDefaults, () => []);
}

export function validatePrismStack(value: unknown): ValidationResult<DefaultedPrismStack> {
  return validate(PrismStackSchema, value, stackWithDefaults, ({ spec: { patterns, backends } }) => [
    ...duplicateKeyIssues('spec.patterns', patterns, 'name'),
    ...duplicateKeyIssues('spec.backends', backends, 'name'),
    ...(patterns ?? []).flatMap((pattern, i) => duplicateKeyIssues(`spec.patterns[${i}].env`, pattern.env, 'name')),
  ]);
}

export function validatePrismNamespace(value: unknown): ValidationResult<DefaultedPrismNamespace> {
  return validate(PrismNamespaceSchema, value, namespaceWithDefaults, (namespace) => duplicateKeyIssues('spec.roleBindings', namespace.spec.roleBindings, 'clusterRole'));
}

function validate<S extends TSchema, Defaulted>(
  schema: S,
  value: unknown,
  withDefaults: (resource: Static<S>) => Defaulted,
  listMapKeyIssues: (resource: Defaulted) => ValidationIssue[],
): ValidationResult<Defaulted> {
  const checked = validateResource(schema, value);
  if (!checked.ok) return checked;
  const resource = withDefaults(checked.value);
  const errors = [...celRuleIssues(schema, resource), ...listMapKeyIssues(resource)];
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: resource };
}
