// Invalid PrismPatterns are refused at admission, by the schema and the CEL rules the operator
// generates, with messages that name the field.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ApiError } from '@operators/k8s-common';
import { createTestNamespace, testClient } from '@operators/k8s-common/testing';
import { repoRoot } from '../support/operator-process.ts';
import { example, PrismPatterns, type Resource } from './support.ts';

describe('Prism operator: admission', () => {
  let client: Awaited<ReturnType<typeof testClient>>;
  let namespace: Awaited<ReturnType<typeof createTestNamespace>>;
  beforeAll(async () => {
    client = await testClient();
    namespace = await createTestNamespace(client, 'prism-validation');
    execFileSync('kubectl', ['apply', '--server-side', '--force-conflicts', '-f', join(repoRoot, 'charts', 'prism-operator', 'crds')], { stdio: 'pipe' });
  });
  afterAll(async () => {
    await namespace?.cleanup();
    await client?.close();
  });

  async function rejection(patch: (pattern: Resource) => void): Promise<string> {
    const [pattern] = example('prismpattern_hpa_example', namespace.name);
    patch(pattern!);
    try {
      await client.create(PrismPatterns, { ...pattern!, metadata: { ...pattern!.metadata, name: 'invalid' } });
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 422) return err.message;
      throw err;
    }
    throw new Error('the API server accepted an invalid PrismPattern');
  }

  it.each([
    ['keda without triggers', (p: Resource) => Object.assign(p.spec.autoscaling!, { scaler: 'keda', targetCPUUtilizationPercentage: undefined }), 'spec.autoscaling'],
    ['minReplicas above maxReplicas', (p: Resource) => Object.assign(p.spec.autoscaling!, { minReplicas: 30 }), 'spec.autoscaling'],
    ['an unknown pattern', (p: Resource) => Object.assign(p.spec, { pattern: 'sideways' }), 'spec.pattern'],
    ['an unknown scaler', (p: Resource) => Object.assign(p.spec.autoscaling!, { scaler: 'vpa' }), 'spec.autoscaling.scaler'],
  ])('%s is rejected naming the field', async (_what, patch, field) => {
    expect(await rejection(patch)).toContain(field);
  });
});
