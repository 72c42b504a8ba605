// Validation of the Prism resources as admission does it: defaults and the schema
// (validateResource), then what only the API server would check: the CEL rules, through their
// TypeScript twins, at the place each sits, and the list-map keys. Used by the tests and the
// examples check, and by the operator for objects that did not come through admission.
import { validateResource, type ValidationIssue, type ValidationResult } from '@operators/k8s-common';
import type { Static, TSchema } from 'typebox';
import { brokenRules, duplicateKeyIssues } from '../../support/cross-field-rules.ts';
import { metricSpecRules, metricTargetRules, type MetricSpec } from '../../support/schemas.ts';
import { autoscalingRules, triggerRules } from './autoscaling.ts';
import {
  backendWithDefaults,
  namespaceWithDefaults,
  patternWithDefaults,
  stackWithDefaults,
  type DefaultedAutoscaling,
  type DefaultedPrismBackend,
  type DefaultedPrismBackendSpec,
  type DefaultedPrismNamespace,
  type DefaultedPrismPattern,
  type DefaultedPrismPatternSpec,
  type DefaultedPrismStack,
} from './defaults.ts';
import { backendNameRules, backendSpecRules, PrismBackendSchema, tlsRules } from './prismbackend.ts';
import { namespaceNameRules, networkPolicyRules, PrismNamespaceSchema, roleBindingRules } from './prismnamespace.ts';
import { patternNameRules, patternSpecRules, PrismPatternSchema } from './prismpattern.ts';
import { PrismStackSchema, proxyAutoscalingRules, stackNameRules } from './prismstack.ts';

export function validatePrismPattern(value: unknown): ValidationResult<DefaultedPrismPattern> {
  return validate(PrismPatternSchema, value, patternWithDefaults, (pattern) => [
    ...brokenRules('', pattern, patternNameRules),
    ...patternSpecIssues('spec', pattern.spec),
  ]);
}

export function validatePrismBackend(value: unknown): ValidationResult<DefaultedPrismBackend> {
  return validate(PrismBackendSchema, value, backendWithDefaults, (backend) => [
    ...brokenRules('', backend, backendNameRules),
    ...backendSpecIssues('spec', backend.spec),
  ]);
}

export function validatePrismStack(value: unknown): ValidationResult<DefaultedPrismStack> {
  return validate(PrismStackSchema, value, stackWithDefaults, (stack) => {
    const { proxy, patterns, backends } = stack.spec;
    return [
      ...brokenRules('', stack, stackNameRules),
      ...brokenRules('spec.proxy.autoscaling', proxy.autoscaling, proxyAutoscalingRules),
      ...metricIssues('spec.proxy.autoscaling.metrics', proxy.autoscaling.metrics),
      ...duplicateKeyIssues('spec.patterns', patterns, 'name'),
      ...duplicateKeyIssues('spec.backends', backends, 'name'),
      ...(patterns ?? []).flatMap((pattern, i) => patternSpecIssues(`spec.patterns[${i}]`, pattern)),
      ...(backends ?? []).flatMap((backend, i) => backendSpecIssues(`spec.backends[${i}]`, backend)),
    ];
  });
}

export function validatePrismNamespace(value: unknown): ValidationResult<DefaultedPrismNamespace> {
  return validate(PrismNamespaceSchema, value, namespaceWithDefaults, (namespace) => {
    const { networkPolicy, roleBindings } = namespace.spec;
    return [
      ...brokenRules('', namespace, namespaceNameRules),
      ...brokenRules('spec.networkPolicy', networkPolicy, networkPolicyRules),
      ...duplicateKeyIssues('spec.roleBindings', roleBindings, 'clusterRole'),
      ...(roleBindings ?? []).flatMap((binding, i) => brokenRules(`spec.roleBindings[${i}]`, binding, roleBindingRules)),
    ];
  });
}

function validate<S extends TSchema, Defaulted>(
  schema: S,
  value: unknown,
  withDefaults: (resource: Static<S>) => Defaulted,
  crossFieldIssues: (resource: Defaulted) => ValidationIssue[],
): ValidationResult<Defaulted> {
  const checked = validateResource(schema, value);
  if (!checked.ok) return checked;
  const resource = withDefaults(checked.value);
  const errors = crossFieldIssues(resource);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: resource };
}

function patternSpecIssues(at: string, spec: DefaultedPrismPatternSpec): ValidationIssue[] {
  return [
    ...brokenRules(at, spec, patternSpecRules),
    ...duplicateKeyIssues(`${at}.env`, spec.env, 'name'),
    ...autoscalingIssues(`${at}.autoscaling`, spec.autoscaling),
  ];
}

function autoscalingIssues(at: string, autoscaling: DefaultedAutoscaling): ValidationIssue[] {
  return [
    ...brokenRules(at, autoscaling, autoscalingRules),
    ...metricIssues(`${at}.metrics`, autoscaling.metrics),
    ...(autoscaling.triggers ?? []).flatMap((trigger, i) => brokenRules(`${at}.triggers[${i}]`, trigger, triggerRules)),
  ];
}

function metricIssues(at: string, metrics: readonly MetricSpec[] | undefined): ValidationIssue[] {
  return (metrics ?? []).flatMap((metric, i) => {
    const here = `${at}[${i}]`;
    const sources = { resource: metric.resource, containerResource: metric.containerResource, pods: metric.pods, object: metric.object, external: metric.external };
    return [
      ...brokenRules(here, metric, metricSpecRules),
      ...Object.entries(sources).flatMap(([field, source]) => (source ? brokenRules(`${here}.${field}.target`, source.target, metricTargetRules) : [])),
    ];
  });
}

function backendSpecIssues(at: string, spec: DefaultedPrismBackendSpec): ValidationIssue[] {
  return [...brokenRules(at, spec, backendSpecRules), ...(spec.tls ? brokenRules(`${at}.tls`, spec.tls, tlsRules) : [])];
}
