import { syncCrdArtifacts } from '@operators/k8s-common';
import { crdArtifacts } from './crds.ts';

describe('generated artifacts', () => {
  it('the chart CRDs and the API reference match the TypeBox schemas', async () => {
    const stale = await syncCrdArtifacts({ ...crdArtifacts, check: true });
    // If this fails: npx nx run tapio-operator:generate
    expect(stale).toEqual([]);
  });
});
