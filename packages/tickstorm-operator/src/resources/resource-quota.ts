import type { V1ResourceQuota } from '@kubernetes/client-node';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { quantityStrings } from '../support/quantity.ts';
import { childMetadata, resourceQuotaName } from './metadata.ts';

/**
 * `<name>-quota`, the seed's ResourceQuota. It caps the whole namespace, not only Tick-Storm; the
 * schema's CEL rules make sure it holds the TickStorm's own pods. Undefined without
 * spec.namespaceGuard, or with an empty hard.
 */
export function desiredResourceQuota(tickStorm: DefaultedTickStorm): V1ResourceQuota | undefined {
  const hard = tickStorm.spec.namespaceGuard?.resourceQuota.hard;
  if (!hard || Object.keys(hard).length === 0) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: childMetadata(tickStorm, resourceQuotaName(tickStorm)),
    spec: { hard: quantityStrings(hard) },
  };
}
