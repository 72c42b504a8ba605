import { aTickStorm, withAutoscaling, withLimits, withNamespaceGuard, withReplicas, withRequests, withSpec } from '../../test/fixtures.ts';
import { limitRangeViolations, maxReplicas, quotaAllowsSurge, quotaShortfalls } from './namespace-guard-fit.ts';

const noLimitRange = { limitRange: { limits: [] } };
const quota = (hard: Record<string, string>) => withNamespaceGuard({ resourceQuota: { hard }, ...noLimitRange });

describe('maxReplicas', () => {
  it('is replicas without autoscaling, and the HPA maximum with it', () => {
    expect(maxReplicas(aTickStorm(withReplicas(4)).spec)).toBe(4);
    expect(maxReplicas(aTickStorm(withReplicas(4), withAutoscaling({ maxReplicas: 7 })).spec)).toBe(7);
  });
});

describe('quotaShortfalls', () => {
  it('finds nothing without a namespace guard', () => {
    expect(quotaShortfalls(aTickStorm(withReplicas(100)).spec)).toEqual([]);
  });

  it("finds nothing for the seed: 10 pods × 2 cores fit limits.cpu 20 exactly", () => {
    expect(quotaShortfalls(aTickStorm(withAutoscaling(), withNamespaceGuard()).spec)).toEqual([]);
  });

  it('names every key too small for maxReplicas, with what it would need', () => {
    const shortfalls = quotaShortfalls(aTickStorm(withAutoscaling({ maxReplicas: 11 }), withNamespaceGuard()).spec);
    expect(shortfalls).toEqual([
      { key: 'pods', hard: '10', needed: '11 pods', message: "namespaceGuard.resourceQuota.hard['pods'] 10 cannot hold 11 pods" },
      { key: 'limits.cpu', hard: '20', needed: '11 pods × limits.cpu 2000m', message: "namespaceGuard.resourceQuota.hard['limits.cpu'] 20 cannot hold 11 pods × limits.cpu 2000m" },
    ]);
  });

  it.each<[string, Record<string, string>]>([
    ['requests.memory', { 'requests.memory': '2Gi' }],
    ['memory', { memory: '2Gi' }],
    ['requests.ephemeral-storage', { 'requests.ephemeral-storage': '1Gi' }],
    ['ephemeral-storage', { 'ephemeral-storage': '1Gi' }],
    ['limits.memory', { 'limits.memory': '5Gi' }],
    ['limits.ephemeral-storage', { 'limits.ephemeral-storage': '2Gi' }],
    ['requests.cpu', { 'requests.cpu': '1' }],
    ['cpu', { cpu: '1' }],
  ])('checks %s against 3 pods', (key, hard) => {
    expect(quotaShortfalls(aTickStorm(quota(hard)).spec).map((s) => s.key)).toEqual([key]);
  });

  it('counts the objects: two Services, one LoadBalancer, two ConfigMaps, the Secrets in use', () => {
    const hard = { services: '1', 'services.loadbalancers': '0', configmaps: '1', secrets: '1' };
    const shortfalls = quotaShortfalls(aTickStorm(quota(hard), withSpec({ tls: { secretName: 'tls' } })).spec);
    expect(shortfalls.map((s) => [s.key, s.needed])).toEqual([
      ['services', '2 Services (<name>-service and <name>-headless)'],
      ['services.loadbalancers', '1 LoadBalancer Services (<name>-service when service.type is LoadBalancer)'],
      ['configmaps', '2 ConfigMaps (<name>-config and kube-root-ca.crt)'],
      ['secrets', '2 Secrets (the auth Secret, and the TLS and client CA Secrets when set)'],
    ]);
  });

  it('needs no LoadBalancer quota for a ClusterIP Service', () => {
    expect(quotaShortfalls(aTickStorm(quota({ 'services.loadbalancers': '0' }), withSpec({ service: { type: 'ClusterIP' } })).spec)).toEqual([]);
  });

  it('ignores keys that do not concern the TickStorm', () => {
    expect(quotaShortfalls(aTickStorm(quota({ persistentvolumeclaims: '0', 'count/jobs.batch': '0' })).spec)).toEqual([]);
  });

  it('holds an exact fit of decimal quantities', () => {
    expect(quotaShortfalls(aTickStorm(withRequests({ cpu: '100m' }), quota({ 'requests.cpu': '300m' })).spec)).toEqual([]);
  });
});

describe('quotaAllowsSurge', () => {
  it("is false for the seed's quota at maxReplicas 10: an eleventh pod does not fit", () => {
    expect(quotaAllowsSurge(aTickStorm(withAutoscaling(), withNamespaceGuard()).spec)).toBe(false);
  });

  it('is true with room for one more pod', () => {
    expect(quotaAllowsSurge(aTickStorm(withAutoscaling({ maxReplicas: 9 }), withNamespaceGuard()).spec)).toBe(true);
  });

  it('is true without a namespace guard', () => {
    expect(quotaAllowsSurge(aTickStorm().spec)).toBe(true);
  });
});

describe('limitRangeViolations', () => {
  it("finds nothing for the seed's resources in the seed's LimitRange", () => {
    expect(limitRangeViolations(aTickStorm(withNamespaceGuard()).spec)).toEqual([]);
  });

  it("finds limits above the seed's Container max", () => {
    expect(limitRangeViolations(aTickStorm(withLimits({ memory: '5Gi' }), withNamespaceGuard()).spec)).toEqual([
      {
        index: 0,
        type: 'Container',
        check: 'max',
        resource: 'memory',
        message: 'resources.limits.memory 5Gi exceeds max.memory 4Gi of namespaceGuard.limitRange.limits[0] (Container)',
      },
    ]);
  });

  it("finds requests below the seed's Pod min", () => {
    const violations = limitRangeViolations(aTickStorm(withRequests({ memory: '512Mi' }), withNamespaceGuard()).spec);
    expect(violations.map((v) => [v.index, v.type, v.check, v.resource])).toEqual([[1, 'Pod', 'min', 'memory']]);
  });

  it('finds a limit/request ratio above maxLimitRequestRatio, and accepts one at it', () => {
    const limitRange = (ratio: string) => withNamespaceGuard({ resourceQuota: { hard: {} }, limitRange: { limits: [{ type: 'Container', maxLimitRequestRatio: { cpu: ratio } }] } });
    expect(limitRangeViolations(aTickStorm(limitRange('3')).spec).map((v) => v.check)).toEqual(['maxLimitRequestRatio']);
    expect(limitRangeViolations(aTickStorm(limitRange('4')).spec)).toEqual([]);
  });

  it('ignores PersistentVolumeClaim items', () => {
    const guard = withNamespaceGuard({ resourceQuota: { hard: {} }, limitRange: { limits: [{ type: 'PersistentVolumeClaim', max: { memory: '1Mi' } }] } });
    expect(limitRangeViolations(aTickStorm(guard).spec)).toEqual([]);
  });
});
