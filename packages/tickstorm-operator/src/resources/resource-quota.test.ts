import { aTickStorm, exampleTickStorm, withNamespaceGuard } from '../../test/fixtures.ts';
import { desiredResourceQuota } from './resource-quota.ts';

describe('desiredResourceQuota', () => {
  it('is undefined without spec.namespaceGuard, so removing it removes the quota', () => {
    expect(desiredResourceQuota(aTickStorm())).toBeUndefined();
  });

  it("is the seed's <name>-quota, quantities as strings", () => {
    const quota = desiredResourceQuota(aTickStorm(withNamespaceGuard()));
    expect(quota?.metadata?.name).toBe('tick-storm-quota');
    expect(quota?.spec?.hard).toEqual({
      'requests.cpu': '10',
      'requests.memory': '20Gi',
      'limits.cpu': '20',
      'limits.memory': '40Gi',
      pods: '10',
      persistentvolumeclaims: '5',
      services: '5',
      secrets: '10',
      configmaps: '10',
    });
    expect(quota?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TickStorm', controller: true });
  });

  it('is undefined for an empty hard', () => {
    expect(desiredResourceQuota(aTickStorm(withNamespaceGuard({ resourceQuota: { hard: {} } })))).toBeUndefined();
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredResourceQuota(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
