import { aTickStorm, exampleTickStorm, withNamespaceGuard } from '../../test/fixtures.ts';
import { desiredLimitRange } from './limit-range.ts';

describe('desiredLimitRange', () => {
  it('is undefined without spec.namespaceGuard', () => {
    expect(desiredLimitRange(aTickStorm())).toBeUndefined();
  });

  it("is the seed's <name>-limits, without the Pod defaults the API server rejects", () => {
    const limitRange = desiredLimitRange(aTickStorm(withNamespaceGuard()));
    expect(limitRange?.metadata?.name).toBe('tick-storm-limits');
    expect(limitRange?.spec?.limits).toEqual([
      {
        type: 'Container',
        default: { cpu: '2000m', memory: '2Gi', 'ephemeral-storage': '1Gi' },
        defaultRequest: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '500Mi' },
        max: { cpu: '4000m', memory: '4Gi', 'ephemeral-storage': '2Gi' },
        min: { cpu: '100m', memory: '256Mi', 'ephemeral-storage': '100Mi' },
      },
      {
        type: 'Pod',
        max: { cpu: '8000m', memory: '8Gi', 'ephemeral-storage': '4Gi' },
        min: { cpu: '500m', memory: '1Gi', 'ephemeral-storage': '500Mi' },
      },
    ]);
  });

  it('is undefined for an empty list, and writes integer quantities as strings', () => {
    expect(desiredLimitRange(aTickStorm(withNamespaceGuard({ limitRange: { limits: [] } })))).toBeUndefined();
    const limitRange = desiredLimitRange(aTickStorm(withNamespaceGuard({ resourceQuota: { hard: {} }, limitRange: { limits: [{ type: 'Container', max: { cpu: 4 } }] } })));
    expect(limitRange?.spec?.limits).toEqual([{ type: 'Container', max: { cpu: '4' } }]);
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredLimitRange(exampleTickStorm('seed-defaults'))).toMatchSnapshot();
  });
});
