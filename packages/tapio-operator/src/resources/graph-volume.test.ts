import { anIntelligence, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredGraphVolumeClaim } from './graph-volume.ts';

describe('desiredGraphVolumeClaim', () => {
  it('exists only with the embedded graph database, sized by embeddedStorage, and outlives the TapioIntelligence', () => {
    expect(desiredGraphVolumeClaim(anIntelligence())).toBeUndefined();
    const claim = desiredGraphVolumeClaim(anIntelligence(withIntelligenceSpec({ embedded: true, embeddedStorage: '3Gi' })));
    expect(claim?.metadata?.name).toBe('tapio-graph');
    expect(claim?.metadata?.ownerReferences).toBeUndefined();
    expect(claim?.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '3Gi' } } });
  });

  it('matches the snapshot', () => {
    expect(desiredGraphVolumeClaim(anIntelligence(withIntelligenceSpec({ embedded: true })))).toMatchSnapshot();
  });
});
