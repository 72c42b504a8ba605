// Invalid PrismPatterns and PrismStacks are refused at admission, by the schema and the CEL rules
// the operator generates, with messages that name the field and say what is wrong.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ApiError } from '@operators/k8s-common';
import { createTestNamespace, testClient } from '@operators/k8s-common/testing';
import { repoRoot } from '../support/operator-process.ts';
import { example, PrismPatterns, PrismStacks, type Resource } from './support.ts';

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

  async function refusal(type: typeof PrismPatterns, object: Resource): Promise<string> {
    try {
      await client.create(type, object);
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 422) return err.message;
      throw err;
    }
    throw new Error(`the API server accepted an invalid ${object.kind}`);
  }

  function rejection(patch: (pattern: Resource) => void, name = 'invalid'): Promise<string> {
    const [pattern] = example('prismpattern_hpa_example', namespace.name);
    patch(pattern!);
    return refusal(PrismPatterns, { ...pattern!, metadata: { ...pattern!.metadata, name } });
  }

  it.each([
    ['keda without triggers', (p: Resource) => Object.assign(p.spec.autoscaling!, { scaler: 'keda', targetCPUUtilizationPercentage: undefined }), 'spec.autoscaling.triggers', 'scaler keda needs at least one trigger'],
    ['minReplicas above maxReplicas', (p: Resource) => Object.assign(p.spec.autoscaling!, { minReplicas: 30 }), 'spec.autoscaling.minReplicas', 'minReplicas must be less than or equal to maxReplicas'],
    ['hpa without a CPU or memory target or metrics', (p: Resource) => Object.assign(p.spec.autoscaling!, { targetCPUUtilizationPercentage: undefined }), 'spec.autoscaling.targetCPUUtilizationPercentage', 'scaler hpa needs targetCPUUtilizationPercentage, targetMemoryUtilizationPercentage or metrics'],
    ['an unknown pattern', (p: Resource) => Object.assign(p.spec, { pattern: 'sideways' }), 'spec.pattern', 'Unsupported value: "sideways"'],
    ['an unknown scaler', (p: Resource) => Object.assign(p.spec.autoscaling!, { scaler: 'vpa' }), 'spec.autoscaling.scaler', 'Unsupported value: "vpa"'],
  ])('%s is rejected naming the field', async (_what, patch, field, words) => {
    const message = await rejection(patch);
    expect(message).toContain(field);
    expect(message).toContain(words);
  });

  it('a PrismPattern name its Service could not take is rejected, saying why', async () => {
    expect(await rejection(() => undefined, 'producer.events')).toContain('metadata.name must be a DNS-1035 label');
  });

  it('a PrismStack name too long for <stack>-proxy is rejected, saying why', async () => {
    const [stack] = example('prismstack_example', namespace.name);
    const message = await refusal(PrismStacks, { ...stack!, metadata: { ...stack!.metadata, name: 's'.repeat(60) } });
    expect(message).toContain('the Services <stack>-proxy and <stack>-admin take it');
  });
});
