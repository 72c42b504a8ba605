import { aNamespace, exampleNamespace, withNamespaceSpec } from '../../test/fixtures.ts';
import { desiredLimitRange, desiredResourceQuota } from './tenant-quota.ts';

describe('desiredResourceQuota', () => {
  it('is prism-quota in the tenant namespace, owned by the PrismNamespace', () => {
    const quota = desiredResourceQuota(exampleNamespace());
    expect(quota?.metadata).toMatchObject({ name: 'prism-quota', namespace: 'tenant-acme' });
    expect(quota?.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'PrismNamespace', name: 'tenant-acme', controller: true })]);
    expect(quota?.spec?.hard).toEqual({ 'requests.cpu': '20', 'requests.memory': '64Gi', 'limits.cpu': '40', 'limits.memory': '128Gi', pods: '200' });
  });

  it('is undefined without spec.resourceQuota', () => {
    expect(desiredResourceQuota(aNamespace())).toBeUndefined();
  });

  it('matches the snapshot for the example', () => {
    expect(desiredResourceQuota(exampleNamespace())).toMatchSnapshot();
  });
});

describe('desiredLimitRange', () => {
  it('is prism-limits with the container defaults the tenant asked for, and nothing else', () => {
    const limits = desiredLimitRange(exampleNamespace());
    expect(limits?.metadata).toMatchObject({ name: 'prism-limits', namespace: 'tenant-acme' });
    expect(limits?.spec?.limits).toEqual([{ type: 'Container', default: { cpu: '1', memory: '1Gi' }, defaultRequest: { cpu: '100m', memory: '128Mi' } }]);
  });

  it('carries bounds and ratios', () => {
    const limits = desiredLimitRange(aNamespace(withNamespaceSpec({ limitRange: { max: { cpu: 4 }, min: { cpu: '10m' }, maxLimitRequestRatio: { cpu: 10 } } })));
    expect(limits?.spec?.limits).toEqual([{ type: 'Container', max: { cpu: '4' }, min: { cpu: '10m' }, maxLimitRequestRatio: { cpu: '10' } }]);
  });

  it('is undefined without spec.limitRange', () => {
    expect(desiredLimitRange(aNamespace())).toBeUndefined();
  });
});
