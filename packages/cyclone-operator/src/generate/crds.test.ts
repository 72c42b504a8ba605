import { syncCrdArtifacts } from '@operators/k8s-common';
import { crdArtifacts } from './crds.ts';

describe('generated artifacts', () => {
  it('the chart CRD and the API reference match the TypeBox schema', async () => {
    const stale = await syncCrdArtifacts({ ...crdArtifacts, check: true });
    // If this fails: npx nx run cyclone-operator:generate
    expect(stale).toEqual([]);
  });
});
