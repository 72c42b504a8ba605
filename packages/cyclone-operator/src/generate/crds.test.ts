import { artifacts } from './crds.ts';

describe('generated artifacts', () => {
  it('the chart CRD, the API reference and the chart RBAC rules match the schema and src/rbac.ts', async () => {
    // If this fails: npx nx run cyclone-operator:generate
    expect(await artifacts.sync(true)).toEqual([]);
  });
});
