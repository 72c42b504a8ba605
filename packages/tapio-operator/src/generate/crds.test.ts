import { artifacts } from './crds.ts';

describe('generated artifacts', () => {
  it('the chart CRDs, the API reference and the chart RBAC rules match the schemas and src/rbac.ts', async () => {
    // If this fails: npx nx run tapio-operator:generate
    expect(await artifacts.sync(true)).toEqual([]);
  });
});
