import type { V1LimitRange, V1LimitRangeItem } from '@kubernetes/client-node';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { quantityStrings } from '../support/quantity.ts';
import { childMetadata, limitRangeName } from './metadata.ts';

/**
 * `<name>-limits`, the seed's LimitRange: defaults for containers of the namespace that set no
 * resources, and bounds every pod must keep (the schema checks the TickStorm's own). Undefined without
 * spec.namespaceGuard, or with no items.
 */
export function desiredLimitRange(tickStorm: DefaultedTickStorm): V1LimitRange | undefined {
  const items = tickStorm.spec.namespaceGuard?.limitRange.limits;
  if (!items || items.length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: childMetadata(tickStorm, limitRangeName(tickStorm)),
    spec: {
      limits: items.map((item): V1LimitRangeItem => {
        const fields = { default: item.default, defaultRequest: item.defaultRequest, max: item.max, min: item.min, maxLimitRequestRatio: item.maxLimitRequestRatio };
        return {
          type: item.type,
          ...Object.fromEntries(Object.entries(fields).flatMap(([name, map]) => (map ? [[name, quantityStrings(map)]] : []))),
        };
      }),
    },
  };
}
