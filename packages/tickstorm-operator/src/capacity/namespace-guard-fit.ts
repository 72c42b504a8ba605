// Whether the namespace guard rails (the seed's ResourceQuota and LimitRange) leave room for the
// TickStorm's own pods: a quota too small for maxReplicas × limits makes the HPA's scale-ups fail
// silently (pod creation is forbidden), and a LimitRange whose max is below the container's limits
// rejects every pod. The seed keeps both in line by hand (10 pods × 2 cores = limits.cpu 20); here the
// API server checks it at admission (capacity-rules.ts holds the CEL twins) and the reconciler can
// ask the same question of a stored object.
import { compareQuantities, coversMultiple, quantityValue, QUANTITY_TOLERANCE, type QuantityValue } from '../support/quantity.ts';

export type ResourceName = 'cpu' | 'memory' | 'ephemeral-storage';
type ResourceList = Record<ResourceName, QuantityValue>;

/**
 * The part of the defaulted spec these checks read. Written out rather than picked from
 * DefaultedTickStormSpec because the schema's CEL rules are built from these checks, and a type
 * derived from the schema would then refer to itself.
 */
export interface CapacitySpec {
  replicas: number;
  resources: { requests: ResourceList; limits: ResourceList };
  autoscaling?: { maxReplicas: number };
  namespaceGuard?: {
    resourceQuota: { hard: Record<string, QuantityValue> };
    limitRange: { limits: LimitRangeItem[] };
  };
  tls?: { clientCASecretName?: string };
  service: { type: string };
}

interface LimitRangeItem {
  type: string;
  max?: Record<string, QuantityValue>;
  min?: Record<string, QuantityValue>;
  maxLimitRequestRatio?: Record<string, QuantityValue>;
}
export const RESOURCE_NAMES: readonly ResourceName[] = ['cpu', 'memory', 'ephemeral-storage'];

/** The most pods the TickStorm runs outside a rollout: the HPA's maximum, else replicas. */
export function maxReplicas(spec: Pick<CapacitySpec, 'replicas' | 'autoscaling'>): number {
  return spec.autoscaling ? spec.autoscaling.maxReplicas : spec.replicas;
}

/** What one quota key must cover: a per-pod amount times the pods, or a number of objects. */
export type QuotaDemand =
  | { key: string; kind: 'perPod'; side: 'requests' | 'limits'; resource: ResourceName }
  | { key: string; kind: 'pods' }
  | { key: string; kind: 'objects'; what: string; count: (spec: CapacitySpec) => number };

/**
 * The quota keys the TickStorm's objects count against. `cpu`, `memory` and `ephemeral-storage` are
 * the quota's old names for the requests. Object counts include what the namespace always holds that
 * the TickStorm needs: the ConfigMap kube-root-ca.crt, and the Secrets it names.
 */
export const QUOTA_DEMANDS: readonly QuotaDemand[] = [
  { key: 'pods', kind: 'pods' },
  ...RESOURCE_NAMES.flatMap((resource): QuotaDemand[] => [
    { key: `requests.${resource}`, kind: 'perPod', side: 'requests', resource },
    { key: resource, kind: 'perPod', side: 'requests', resource },
    { key: `limits.${resource}`, kind: 'perPod', side: 'limits', resource },
  ]),
  { key: 'services', kind: 'objects', what: 'Services (<name>-service and <name>-headless)', count: () => 2 },
  {
    key: 'services.loadbalancers',
    kind: 'objects',
    what: 'LoadBalancer Services (<name>-service when service.type is LoadBalancer)',
    count: (spec) => (spec.service.type === 'LoadBalancer' ? 1 : 0),
  },
  { key: 'configmaps', kind: 'objects', what: 'ConfigMaps (<name>-config and kube-root-ca.crt)', count: () => 2 },
  {
    key: 'secrets',
    kind: 'objects',
    what: 'Secrets (the auth Secret, and the TLS and client CA Secrets when set)',
    count: (spec) => 1 + (spec.tls ? 1 : 0) + (spec.tls?.clientCASecretName ? 1 : 0),
  },
];

export interface QuotaShortfall {
  key: string;
  hard: QuantityValue;
  /** What the TickStorm needs, e.g. `10 × 2000m` or `2`. */
  needed: string;
  message: string;
}

/** Quota keys that cannot hold `pods` pods of the TickStorm (by default its maxReplicas), with why. */
export function quotaShortfalls(spec: CapacitySpec, pods = maxReplicas(spec)): QuotaShortfall[] {
  const hard = spec.namespaceGuard?.resourceQuota.hard ?? {};
  return QUOTA_DEMANDS.flatMap((demand): QuotaShortfall[] => {
    const available = hard[demand.key];
    if (available === undefined) return [];
    const { fits, needed } = demandFits(demand, spec, pods, available);
    if (fits) return [];
    return [{ key: demand.key, hard: available, needed, message: `namespaceGuard.resourceQuota.hard['${demand.key}'] ${available} cannot hold ${needed}` }];
  });
}

function demandFits(demand: QuotaDemand, spec: CapacitySpec, pods: number, available: QuantityValue): { fits: boolean; needed: string } {
  switch (demand.kind) {
    case 'pods':
      return { fits: coversMultiple(available, pods, 1), needed: `${pods} pods` };
    case 'perPod': {
      const each = spec.resources[demand.side][demand.resource];
      return { fits: coversMultiple(available, pods, each), needed: `${pods} pods × ${demand.side}.${demand.resource} ${each}` };
    }
    case 'objects': {
      const count = demand.count(spec);
      return { fits: coversMultiple(available, count, 1), needed: `${count} ${demand.what}` };
    }
  }
}

/**
 * Whether the quota also holds the one extra pod a rolling update surges to. When it does not, the
 * Deployment rolls without surging (maxSurge 0, maxUnavailable 1): a surge pod the quota forbids would
 * never be created, and with maxUnavailable 0 the rollout would wait for it forever.
 */
export function quotaAllowsSurge(spec: CapacitySpec): boolean {
  return quotaShortfalls(spec, maxReplicas(spec) + 1).length === 0;
}

export type LimitCheck = 'max' | 'min' | 'maxLimitRequestRatio';

export interface LimitRangeViolation {
  /** Index in namespaceGuard.limitRange.limits. */
  index: number;
  type: string;
  check: LimitCheck;
  resource: ResourceName;
  message: string;
}

/** Where the container's resources fall outside a Container or Pod item of the LimitRange (a pod holds one container). */
export function limitRangeViolations(spec: CapacitySpec): LimitRangeViolation[] {
  const items = spec.namespaceGuard?.limitRange.limits ?? [];
  const { requests, limits } = spec.resources;
  return items.flatMap((item, index) => {
    if (item.type === 'PersistentVolumeClaim') return [];
    const at = `namespaceGuard.limitRange.limits[${index}] (${item.type})`;
    return RESOURCE_NAMES.flatMap((resource): LimitRangeViolation[] => {
      const found: LimitRangeViolation[] = [];
      const max = item.max?.[resource];
      if (max !== undefined && compareQuantities(limits[resource], max) > 0) {
        found.push({ index, type: item.type, check: 'max', resource, message: `resources.limits.${resource} ${limits[resource]} exceeds max.${resource} ${max} of ${at}` });
      }
      const min = item.min?.[resource];
      if (min !== undefined && compareQuantities(requests[resource], min) < 0) {
        found.push({ index, type: item.type, check: 'min', resource, message: `resources.requests.${resource} ${requests[resource]} is below min.${resource} ${min} of ${at}` });
      }
      const ratio = item.maxLimitRequestRatio?.[resource];
      if (ratio !== undefined && quantityValue(limits[resource]) > quantityValue(ratio) * quantityValue(requests[resource]) * (1 + QUANTITY_TOLERANCE)) {
        found.push({
          index,
          type: item.type,
          check: 'maxLimitRequestRatio',
          resource,
          message: `resources.limits.${resource} / resources.requests.${resource} exceeds maxLimitRequestRatio.${resource} ${ratio} of ${at}`,
        });
      }
      return found;
    });
  });
}
