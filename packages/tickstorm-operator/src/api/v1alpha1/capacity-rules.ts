// The CEL twins of capacity/namespace-guard-fit.ts, generated from the same tables so the API server
// and the operator answer alike. They sit on the spec, where resources, replicas, autoscaling and
// namespaceGuard are all in reach.
//
// CEL's quantity library has no multiplication, so products are compared as approximate floats with
// the same relative tolerance the TypeScript side uses (3 × 100m must fit in 300m).
import type { CrossFieldRule } from '../../support/cross-field-rule.ts';
import { QUANTITY_TOLERANCE, type QuantityValue } from '../../support/quantity.ts';
import {
  limitRangeViolations,
  QUOTA_DEMANDS,
  quotaShortfalls,
  RESOURCE_NAMES,
  type CapacitySpec,
  type LimitCheck,
  type QuotaDemand,
  type ResourceName,
} from '../../capacity/namespace-guard-fit.ts';

/** What the spec-level rules read of the defaulted spec (written out, see CapacitySpec). */
export type RuleSpec = CapacitySpec & {
  resources: { limits: { memory: QuantityValue } };
  runtime?: { gomemlimit?: QuantityValue };
  ulimits?: { maxMemorySize?: QuantityValue };
  service?: { port?: number };
  metrics?: { port?: number };
};

const quantity = (expression: string) => `quantity(string(${expression}))`;
const float = (expression: string) => `${quantity(expression)}.asApproximateFloat()`;
// A dash in a field name is spelled __dash__ in CEL.
const celField = (resource: ResourceName) => resource.replaceAll('-', '__dash__');
const resourceField = (side: 'requests' | 'limits', resource: ResourceName) => `self.resources.${side}.${celField(resource)}`;
const resourceGuards = (side: 'requests' | 'limits', resource: ResourceName) => ['has(self.resources)', `has(self.resources.${side})`, `has(${resourceField(side, resource)})`];
const hasResource = (side: 'requests' | 'limits', resource: ResourceName) => resourceGuards(side, resource).join(' && ');
const PODS = '(has(self.autoscaling) ? self.autoscaling.maxReplicas : self.replicas)';
const HARD = 'self.namespaceGuard.resourceQuota.hard';
const HAS_QUOTA = `has(self.namespaceGuard) && has(self.namespaceGuard.resourceQuota) && has(${HARD})`;

function neededExpression(demand: QuotaDemand): { expression: string; guard?: string } {
  switch (demand.kind) {
    case 'pods':
      return { expression: `double(${PODS})` };
    case 'perPod':
      return { expression: `double(${PODS}) * ${float(resourceField(demand.side, demand.resource))}`, guard: hasResource(demand.side, demand.resource) };
    case 'objects':
      return { expression: `double(${OBJECT_COUNTS[demand.key]})` };
  }
}

// The CEL spelling of each `objects` demand's count (namespace-guard-fit.ts has the TypeScript one).
const OBJECT_COUNTS: Record<string, string> = {
  services: '2',
  'services.loadbalancers': "(has(self.service) && has(self.service.type) && self.service.type == 'LoadBalancer' ? 1 : 0)",
  configmaps: '2',
  secrets: '1 + (has(self.tls) ? 1 : 0) + (has(self.tls) && has(self.tls.clientCASecretName) ? 1 : 0)',
};

function quotaMessage(demand: QuotaDemand): string {
  const pods = 'the most pods the TickStorm runs (autoscaling.maxReplicas, else replicas)';
  switch (demand.kind) {
    case 'pods':
      return `namespaceGuard.resourceQuota.hard['pods'] must hold ${pods}`;
    case 'perPod':
      return `namespaceGuard.resourceQuota.hard['${demand.key}'] must hold ${pods} × resources.${demand.side}.${demand.resource}`;
    case 'objects':
      return `namespaceGuard.resourceQuota.hard['${demand.key}'] must hold the TickStorm's ${demand.what}`;
  }
}

export const quotaRules: readonly CrossFieldRule<RuleSpec>[] = QUOTA_DEMANDS.map((demand) => {
  const { expression, guard } = neededExpression(demand);
  const available = `${HARD}['${demand.key}']`;
  return {
    rule: `!(${[HAS_QUOTA, `'${demand.key}' in ${HARD}`, ...(guard ? [guard] : [])].join(' && ')}) || ${float(available)} >= ${expression} * ${1 - QUANTITY_TOLERANCE}`,
    message: quotaMessage(demand),
    fieldPath: '.namespaceGuard.resourceQuota.hard',
    holds: (spec: RuleSpec) => quotaShortfalls(spec).every((shortfall) => shortfall.key !== demand.key),
  };
});

const LIMITS = 'self.namespaceGuard.limitRange.limits';
const HAS_LIMIT_RANGE = `has(self.namespaceGuard) && has(self.namespaceGuard.limitRange) && has(${LIMITS})`;

function limitCheck(check: LimitCheck, resource: ResourceName): { rule: string; message: string } {
  const key = `'${resource}'`;
  const limit = resourceField('limits', resource);
  const request = resourceField('requests', resource);
  const bothSet = [...new Set([...resourceGuards('limits', resource), ...resourceGuards('requests', resource)])].join(' && ');
  const applies = (field: string) => `l.type != 'PersistentVolumeClaim' && has(l.${field}) && ${key} in l.${field}`;
  const each = (field: string, holds: string) => `!(${HAS_LIMIT_RANGE} && ${bothSet}) || ${LIMITS}.all(l, !(${applies(field)}) || ${holds})`;
  switch (check) {
    case 'max':
      return {
        rule: each('max', `${quantity(`l.max[${key}]`)}.compareTo(${quantity(limit)}) >= 0`),
        message: `resources.limits.${resource} must not exceed the max.${resource} of a Container or Pod item of namespaceGuard.limitRange.limits, or every pod is rejected`,
      };
    case 'min':
      return {
        rule: each('min', `${quantity(`l.min[${key}]`)}.compareTo(${quantity(request)}) <= 0`),
        message: `resources.requests.${resource} must reach the min.${resource} of every Container or Pod item of namespaceGuard.limitRange.limits, or every pod is rejected`,
      };
    case 'maxLimitRequestRatio':
      return {
        rule: each(
          'maxLimitRequestRatio',
          `${float(limit)} <= ${float(`l.maxLimitRequestRatio[${key}]`)} * ${float(request)} * ${1 + QUANTITY_TOLERANCE}`,
        ),
        message: `resources.limits.${resource} / resources.requests.${resource} must not exceed the maxLimitRequestRatio.${resource} of namespaceGuard.limitRange.limits, or every pod is rejected`,
      };
  }
}

const LIMIT_CHECKS: readonly LimitCheck[] = ['max', 'min', 'maxLimitRequestRatio'];

export const limitRangeRules: readonly CrossFieldRule<RuleSpec>[] = LIMIT_CHECKS.flatMap((check) =>
  RESOURCE_NAMES.map((resource) => ({
    ...limitCheck(check, resource),
    fieldPath: check === 'min' ? `.resources.requests${fieldSuffix(resource)}` : `.resources.limits${fieldSuffix(resource)}`,
    holds: (spec: RuleSpec) => limitRangeViolations(spec).every((violation) => violation.check !== check || violation.resource !== resource),
  })),
);

function fieldSuffix(resource: ResourceName): string {
  return resource.includes('-') ? `['${resource}']` : `.${resource}`;
}
