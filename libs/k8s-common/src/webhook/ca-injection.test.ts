import { caBundlePatch, CaInjectionError, injectCaBundle, type CaBundlePatcher, type CaBundleTarget } from './ca-injection.ts';
import { applyJsonPatch, type JsonPatchOperation } from './json-patch.ts';

const CA_PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const CA_BUNDLE = Buffer.from(CA_PEM).toString('base64');
const OLD_BUNDLE = Buffer.from('old').toString('base64');

/** Holds objects by kind/name and applies patches as the API server would, test ops included. */
class FakeCluster implements CaBundlePatcher {
  readonly objects = new Map<string, object>();
  readonly patches: Array<{ target: CaBundleTarget; operations: JsonPatchOperation[] }> = [];
  failFor = new Set<string>();

  set(target: CaBundleTarget, object: object): void {
    this.objects.set(`${target.kind}/${target.name}`, object);
  }

  async get(target: CaBundleTarget): Promise<object | undefined> {
    const object = this.objects.get(`${target.kind}/${target.name}`);
    return object && structuredClone(object);
  }

  async patch(target: CaBundleTarget, operations: JsonPatchOperation[]): Promise<void> {
    if (this.failFor.has(target.name)) throw new Error(`patch ${target.name} refused`);
    this.patches.push({ target, operations });
    const key = `${target.kind}/${target.name}`;
    this.objects.set(key, applyJsonPatch(this.objects.get(key)!, operations));
  }
}

const validating: CaBundleTarget = { kind: 'ValidatingWebhookConfiguration', name: 'v' };
const mutating: CaBundleTarget = { kind: 'MutatingWebhookConfiguration', name: 'm' };
const crd: CaBundleTarget = { kind: 'CustomResourceDefinition', name: 'widgets.example.com' };

function webhookConfiguration(caBundles: Array<string | undefined>) {
  return {
    metadata: { name: 'v', resourceVersion: '7' },
    webhooks: caBundles.map((caBundle, index) => ({
      name: `w${index}.example.com`,
      clientConfig: { service: { name: 'hooks', namespace: 'ops', path: `/w${index}` }, ...(caBundle !== undefined && { caBundle }) },
    })),
  };
}

function conversionCrd(strategy: 'Webhook' | 'None', caBundle?: string) {
  return {
    metadata: { name: crd.name, resourceVersion: '3' },
    spec: {
      group: 'example.com',
      conversion:
        strategy === 'Webhook'
          ? { strategy, webhook: { conversionReviewVersions: ['v1'], clientConfig: { service: { name: 'hooks', namespace: 'ops' }, ...(caBundle && { caBundle }) } } }
          : { strategy },
    },
  };
}

describe('injectCaBundle', () => {
  it('writes the base64 PEM into every webhook and the CRD conversion webhook, and only what differs', async () => {
    const cluster = new FakeCluster();
    cluster.set(validating, webhookConfiguration([CA_BUNDLE, OLD_BUNDLE, undefined]));
    cluster.set(mutating, webhookConfiguration([CA_BUNDLE]));
    cluster.set(crd, conversionCrd('Webhook', OLD_BUNDLE));

    const results = await injectCaBundle(cluster, [validating, mutating, crd], CA_PEM);

    expect(results.map((result) => result.outcome)).toEqual(['patched', 'unchanged', 'patched']);
    expect(cluster.patches).toEqual([
      {
        target: validating,
        operations: [
          { op: 'test', path: '/metadata/resourceVersion', value: '7' },
          { op: 'add', path: '/webhooks/1/clientConfig/caBundle', value: CA_BUNDLE },
          { op: 'add', path: '/webhooks/2/clientConfig/caBundle', value: CA_BUNDLE },
        ],
      },
      {
        target: crd,
        operations: [
          { op: 'test', path: '/metadata/resourceVersion', value: '3' },
          { op: 'add', path: '/spec/conversion/webhook/clientConfig/caBundle', value: CA_BUNDLE },
        ],
      },
    ]);
    const patched = (await cluster.get(validating)) as ReturnType<typeof webhookConfiguration>;
    expect(patched.webhooks.map((webhook) => webhook.clientConfig.caBundle)).toEqual([CA_BUNDLE, CA_BUNDLE, CA_BUNDLE]);
    expect(patched.webhooks[2]!.clientConfig.service.path).toBe('/w2');
  });

  it('makes no writes in the steady state', async () => {
    const cluster = new FakeCluster();
    cluster.set(validating, webhookConfiguration([OLD_BUNDLE]));
    cluster.set(crd, conversionCrd('Webhook'));
    await injectCaBundle(cluster, [validating, crd], CA_PEM);
    const writes = cluster.patches.length;
    const results = await injectCaBundle(cluster, [validating, crd], CA_PEM);
    expect(results.map((result) => result.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(cluster.patches).toHaveLength(writes);
  });

  it('reports missing objects and CRDs without a conversion webhook, writing nothing to them', async () => {
    const cluster = new FakeCluster();
    cluster.set(crd, conversionCrd('None'));
    const results = await injectCaBundle(cluster, [mutating, crd], CA_PEM);
    expect(results).toEqual([
      { target: mutating, outcome: 'missing' },
      { target: crd, outcome: 'not-applicable' },
    ]);
    expect(cluster.patches).toEqual([]);
  });

  it('attempts every target and then throws the failures together', async () => {
    const cluster = new FakeCluster();
    cluster.set(validating, webhookConfiguration([OLD_BUNDLE]));
    cluster.set(mutating, webhookConfiguration([OLD_BUNDLE]));
    cluster.failFor.add('v');
    const failure = await injectCaBundle(cluster, [validating, mutating], CA_PEM).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CaInjectionError);
    expect((failure as CaInjectionError).message).toBe('CA bundle injection failed for ValidatingWebhookConfiguration v');
    expect((failure as CaInjectionError).results).toEqual([{ target: mutating, outcome: 'patched' }]);
    expect(cluster.patches.map((patch) => patch.target)).toEqual([mutating]);
  });
});

describe('caBundlePatch', () => {
  it('creates clientConfig or the conversion webhook when absent', () => {
    expect(caBundlePatch(validating, { webhooks: [{ name: 'a' }] }, CA_BUNDLE)).toEqual([
      { op: 'add', path: '/webhooks/0/clientConfig', value: { caBundle: CA_BUNDLE } },
    ]);
    expect(caBundlePatch(crd, { spec: { conversion: { strategy: 'Webhook' } } }, CA_BUNDLE)).toEqual([
      { op: 'add', path: '/spec/conversion/webhook', value: { clientConfig: { caBundle: CA_BUNDLE } } },
    ]);
  });

  it('is refused by a test on the resourceVersion if the object changed after it was read', () => {
    const read = webhookConfiguration([OLD_BUNDLE, OLD_BUNDLE]);
    const operations = caBundlePatch(validating, read, CA_BUNDLE)!;
    const changed = { ...webhookConfiguration([OLD_BUNDLE]), metadata: { name: 'v', resourceVersion: '8' } };
    expect(() => applyJsonPatch(changed, operations)).toThrow('test failed');
  });

  it('has nothing to do for a configuration without webhooks', () => {
    expect(caBundlePatch(mutating, { metadata: { name: 'm', resourceVersion: '1' } }, CA_BUNDLE)).toEqual([]);
  });
});
