import { syncCrdArtifacts } from '@operators/k8s-common';
import { crdArtifacts, syncRbacArtifacts } from './crds.ts';

describe('generated artifacts', () => {
  it('the chart CRD and the API reference match the TypeBox schema', async () => {
    const stale = await syncCrdArtifacts({ ...crdArtifacts, check: true });
    // If this fails: npx nx run streambus-operator:generate
    expect(stale).toEqual([]);
  });

  it('the chart RBAC rules match src/rbac.ts', async () => {
    // If this fails: npx nx run streambus-operator:generate
    expect(await syncRbacArtifacts(true)).toEqual([]);
  });
});
