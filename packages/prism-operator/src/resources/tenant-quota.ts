// The ResourceQuota and LimitRange of a tenant namespace.
import type { V1LimitRange, V1ResourceQuota } from '@kubernetes/client-node';
import type { DefaultedPrismNamespace } from '../api/v1alpha1/defaults.ts';
import type { ResourceList } from '../support/schemas.ts';
import { childMetadataIn, TENANCY_COMPONENT } from './metadata.ts';
import { tenantNamespaceName } from './tenant-namespace.ts';

export const RESOURCE_QUOTA_NAME = 'prism-quota';
export const LIMIT_RANGE_NAME = 'prism-limits';

const asStrings = (list: ResourceList | undefined): Record<string, string> | undefined =>
  list && Object.fromEntries(Object.entries(list).map(([name, quantity]) => [name, String(quantity)]));

/** Undefined without spec.resourceQuota. */
export function desiredResourceQuota(tenant: DefaultedPrismNamespace): V1ResourceQuota | undefined {
  const quota = tenant.spec.resourceQuota;
  if (!quota) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: childMetadataIn(tenant, tenantNamespaceName(tenant), RESOURCE_QUOTA_NAME, TENANCY_COMPONENT),
    spec: { hard: asStrings(quota.hard) },
  };
}

/** Container defaults and bounds; undefined without spec.limitRange. */
export function desiredLimitRange(tenant: DefaultedPrismNamespace): V1LimitRange | undefined {
  const limits = tenant.spec.limitRange;
  if (!limits) return undefined;
  const fields = {
    default: asStrings(limits.default),
    defaultRequest: asStrings(limits.defaultRequest),
    max: asStrings(limits.max),
    min: asStrings(limits.min),
    maxLimitRequestRatio: asStrings(limits.maxLimitRequestRatio),
  };
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: childMetadataIn(tenant, tenantNamespaceName(tenant), LIMIT_RANGE_NAME, TENANCY_COMPONENT),
    spec: { limits: [{ type: 'Container', ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) }] },
  };
}
