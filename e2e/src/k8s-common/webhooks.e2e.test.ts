import { randomBytes } from 'node:crypto';
import {
  ApiError,
  generateServingCertificate,
  injectCaBundle,
  kubeCaBundlePatcher,
  resourcePath,
  resourceType,
  ResourceTypes,
  silentLogger,
  WebhookServer,
  type AdmissionRequest,
  type CaBundleTarget,
  type KubeClient,
  type KubeObject,
} from '@operators/k8s-common';
import { createTestNamespace, installCrds, testClient, waitFor } from '@operators/k8s-common/testing';
import { widget, WIDGET_GROUP, widgetCrd, Widgets, type Widget } from '../support/widget.ts';

/**
 * Admission and conversion webhooks served from this test process and called by the real
 * kube-apiserver of the local cluster, which runs on this machine and reaches
 * https://127.0.0.1:<port>. Every webhook is scoped by namespaceSelector to this file's namespace,
 * so a configuration left behind (a crash mid-test) can never fail requests anywhere else.
 */

const MUTATED_LABEL = 'webhooks.e2e.k8s-common.dev/mutated';
const DENIED_KEY = 'forbidden';

type WebhookConfiguration = KubeObject & { webhooks: Array<{ name: string; clientConfig: { url?: string; caBundle?: string } }> };

/** A Gadget stores `spec.colour` in v1 and serves it as `spec.color` in v2; only a conversion webhook can translate. */
type Gadget = KubeObject & { spec: { colour?: string; color?: string } };

function gadgetCrd(group: string, url: string): KubeObject {
  const spec = (field: string) => ({
    type: 'object',
    properties: { spec: { type: 'object', properties: { [field]: { type: 'string' } } } },
  });
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `gadgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind: 'Gadget', listKind: 'GadgetList', plural: 'gadgets', singular: 'gadget' },
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: spec('colour') } },
        { name: 'v2', served: true, storage: false, schema: { openAPIV3Schema: spec('color') } },
      ],
      // No caBundle: injectCaBundle puts it in.
      conversion: { strategy: 'Webhook', webhook: { conversionReviewVersions: ['v1'], clientConfig: { url } } },
    },
  } as KubeObject;
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected the API server to refuse the request, got ${error === undefined ? 'success' : String(error)}`);
  return error;
}

describe('webhooks called by a real API server', () => {
  const runId = randomBytes(3).toString('hex');
  const validatingName = `e2e-webhooks-validate-${runId}`;
  const mutatingName = `e2e-webhooks-mutate-${runId}`;
  const gadgetGroup = `conv-${runId}.${WIDGET_GROUP}`;
  const validating: CaBundleTarget = { kind: 'ValidatingWebhookConfiguration', name: validatingName };
  const mutating: CaBundleTarget = { kind: 'MutatingWebhookConfiguration', name: mutatingName };
  const gadgetTarget: CaBundleTarget = { kind: 'CustomResourceDefinition', name: `gadgets.${gadgetGroup}` };

  let client: KubeClient;
  let ns: { name: string; cleanup: () => Promise<void> };
  let server: WebhookServer;
  let baseUrl: string;
  let caPem: string;
  const validated: Array<AdmissionRequest<Widget>> = [];
  const mutated: Array<AdmissionRequest<Widget>> = [];
  const conversions: string[] = [];

  beforeAll(async () => {
    client = await testClient();
    await installCrds(client, [widgetCrd]);
    ns = await createTestNamespace(client, 'webhooks');
    const certificate = await generateServingCertificate({ serviceName: 'webhooks', namespace: ns.name, ipAddresses: ['127.0.0.1'], extraDnsNames: ['localhost'] });
    caPem = certificate.caPem;
    server = new WebhookServer({ port: 0, host: '127.0.0.1', certificates: certificate, logger: silentLogger() })
      .validating<Widget>('/validate-widget', (request) => {
        validated.push(request);
        const name = request.object?.metadata.name ?? request.name ?? '';
        if (request.object && DENIED_KEY in request.object.spec.data) {
          return { allowed: false, message: `widget ${name}: data key "${DENIED_KEY}" is not allowed` };
        }
        return { allowed: true, warnings: [`widget ${name} validated`] };
      })
      .mutatingObject<Widget>('/mutate-widget', (object, request) => {
        mutated.push(request);
        (object.metadata as { labels?: Record<string, string> }).labels = { ...(object.metadata as { labels?: Record<string, string> }).labels, [MUTATED_LABEL]: 'true' };
      })
      .conversion('/convert-gadget', (object, desiredAPIVersion) => {
        const gadget = object as Gadget;
        conversions.push(`${object.apiVersion}->${desiredAPIVersion}`);
        const spec = desiredAPIVersion.endsWith('/v2') ? { color: gadget.spec.colour } : { colour: gadget.spec.color };
        return { ...gadget, apiVersion: desiredAPIVersion, spec } as Gadget;
      });
    const { port } = await server.start();
    baseUrl = `https://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    // Configurations first, while the server still answers; they are cluster-scoped.
    await client?.tryDelete(ResourceTypes.ValidatingWebhookConfiguration, validatingName);
    await client?.tryDelete(ResourceTypes.MutatingWebhookConfiguration, mutatingName);
    await client?.tryDelete(ResourceTypes.CustomResourceDefinition, gadgetTarget.name);
    await ns?.cleanup();
    await server?.stop();
    await client?.close();
  });

  const webhookConfiguration = (kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration', name: string, hook: string, path: string) => ({
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: { name, labels: { 'e2e.operators.dev/test': 'true' } },
    webhooks: [
      {
        name: `${hook}.widgets.${WIDGET_GROUP}`,
        clientConfig: { url: `${baseUrl}${path}` },
        // Only this file's namespace: nothing else in the cluster can ever be sent here.
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns.name } },
        rules: [{ apiGroups: [WIDGET_GROUP], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['widgets'], scope: 'Namespaced' }],
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        failurePolicy: 'Fail',
        timeoutSeconds: 5,
        ...(kind === 'MutatingWebhookConfiguration' && { reinvocationPolicy: 'Never' }),
      },
    ],
  });

  /** A dry-run create: admission (webhooks included) runs in full, nothing is stored. */
  const dryRunCreate = (w: Widget) => client.request<Widget>({ method: 'POST', path: resourcePath(Widgets, w.metadata.namespace), query: { dryRun: 'All' }, body: w });

  it('injects the CA bundle into a validating webhook, which then denies and allows Widgets', async () => {
    await client.create(ResourceTypes.ValidatingWebhookConfiguration, webhookConfiguration('ValidatingWebhookConfiguration', validatingName, 'validate', '/validate-widget'));

    // Without a caBundle the API server verifies the serving certificate against its system roots,
    // fails, and failurePolicy Fail refuses the request: the bundle is what makes the webhook work.
    const untrusted = await waitFor(
      async () => {
        const error = await rejection(dryRunCreate(widget(ns.name, 'probe', { a: '1' }))).catch(() => undefined);
        return error?.message.includes('failed calling webhook') && error;
      },
      { timeoutMs: 30_000, description: 'the API server calling the webhook without a CA bundle and failing' },
    );
    expect(untrusted.statusCode).toBe(500);
    expect(untrusted.message).toMatch(/x509|certificate/);
    expect(validated).toHaveLength(0);

    const patcher = kubeCaBundlePatcher(client);
    const missing: CaBundleTarget = { kind: 'MutatingWebhookConfiguration', name: `e2e-webhooks-absent-${runId}` };
    expect(await injectCaBundle(patcher, [validating, missing], caPem)).toEqual([
      { target: validating, outcome: 'patched' },
      { target: missing, outcome: 'missing' },
    ]);
    const live = await client.get<WebhookConfiguration>(ResourceTypes.ValidatingWebhookConfiguration, validatingName);
    expect(Buffer.from(live.webhooks[0]!.clientConfig.caBundle!, 'base64').toString('utf8')).toBe(caPem);
    expect(live.webhooks[0]!.clientConfig.url).toBe(`${baseUrl}/validate-widget`);
    // The steady state only reads.
    expect(await injectCaBundle(patcher, [validating], caPem)).toEqual([{ target: validating, outcome: 'unchanged' }]);
    expect((await client.get<WebhookConfiguration>(ResourceTypes.ValidatingWebhookConfiguration, validatingName)).metadata?.resourceVersion).toBe(live.metadata?.resourceVersion);

    // The API server picks the new bundle up asynchronously (its webhook informer).
    const denied = await waitFor(
      async () => {
        const error = await rejection(client.create(Widgets, widget(ns.name, 'denied', { [DENIED_KEY]: 'x' })));
        return !error.message.includes('failed calling webhook') && error;
      },
      { timeoutMs: 30_000, description: 'the webhook trusted and denying' },
    );
    expect(denied.statusCode).toBe(403);
    expect(denied.message).toContain(`admission webhook "validate.widgets.${WIDGET_GROUP}" denied the request: widget denied: data key "${DENIED_KEY}" is not allowed`);
    expect(await client.tryGet(Widgets, 'denied', ns.name)).toBeUndefined();
    const seen = validated.at(-1)!;
    expect(seen).toMatchObject({ operation: 'CREATE', namespace: ns.name, name: 'denied', kind: { group: WIDGET_GROUP, version: 'v1', kind: 'Widget' }, dryRun: false });
    expect(seen.userInfo.username).toBeTruthy();

    const created = await client.create(Widgets, widget(ns.name, 'allowed', { a: '1' }));
    expect(created.metadata.uid).toBeTruthy();
    expect((await client.get<Widget>(Widgets, 'allowed', ns.name)).spec.data).toEqual({ a: '1' });

    // UPDATE is covered by the rules too.
    const update = await rejection(client.patch(Widgets, 'allowed', ns.name, { spec: { data: { [DENIED_KEY]: 'y' } } }));
    expect(update.statusCode).toBe(403);
    expect(update.message).toContain('widget allowed: data key');
    expect(validated.at(-1)).toMatchObject({ operation: 'UPDATE', name: 'allowed', oldObject: { spec: { data: { a: '1' } } } });
  });

  it('sends dry-run requests with dryRun: true and stores nothing', async () => {
    const before = validated.length;
    const answer = await dryRunCreate(widget(ns.name, 'dry', { a: '1' }));
    expect(answer.metadata.name).toBe('dry');
    expect(validated.slice(before)).toEqual([expect.objectContaining({ operation: 'CREATE', name: 'dry', dryRun: true })]);
    expect(await client.tryGet(Widgets, 'dry', ns.name)).toBeUndefined();

    const denied = await rejection(dryRunCreate(widget(ns.name, 'dry-denied', { [DENIED_KEY]: 'x' })));
    expect(denied.statusCode).toBe(403);
    expect(validated.at(-1)).toMatchObject({ name: 'dry-denied', dryRun: true });
  });

  it('stores the label a mutating webhook adds, and validating webhooks see the mutated object', async () => {
    await client.create(ResourceTypes.MutatingWebhookConfiguration, webhookConfiguration('MutatingWebhookConfiguration', mutatingName, 'mutate', '/mutate-widget'));
    expect(await injectCaBundle(kubeCaBundlePatcher(client), [validating, mutating], caPem)).toEqual([
      { target: validating, outcome: 'unchanged' },
      { target: mutating, outcome: 'patched' },
    ]);
    await waitFor(
      async () => {
        const answer = await dryRunCreate(widget(ns.name, 'probe-mutated', { a: '1' })).catch(() => undefined);
        return answer?.metadata && (answer.metadata as { labels?: Record<string, string> }).labels?.[MUTATED_LABEL] === 'true';
      },
      { timeoutMs: 30_000, description: 'the mutating webhook in effect' },
    );

    await client.create(Widgets, widget(ns.name, 'labelled', { a: '1' }));
    const stored = await client.get<Widget & { metadata: { labels?: Record<string, string> } }>(Widgets, 'labelled', ns.name);
    expect(stored.metadata.labels).toEqual({ [MUTATED_LABEL]: 'true' });
    expect(mutated.at(-1)).toMatchObject({ operation: 'CREATE', name: 'labelled', dryRun: false });
    // Mutating webhooks run before validating ones, which get the result.
    expect(validated.at(-1)?.object?.metadata).toMatchObject({ name: 'labelled', labels: { [MUTATED_LABEL]: 'true' } });
  });

  it('converts between CRD versions through a conversion webhook whose CA bundle was injected', async () => {
    const v1 = resourceType(`${gadgetGroup}/v1`, 'Gadget', 'gadgets');
    const v2 = resourceType(`${gadgetGroup}/v2`, 'Gadget', 'gadgets');
    await installCrds(client, [gadgetCrd(gadgetGroup, `${baseUrl}/convert-gadget`)]);
    expect(await injectCaBundle(kubeCaBundlePatcher(client), [gadgetTarget, { kind: 'CustomResourceDefinition', name: widgetCrd.metadata.name }], caPem)).toEqual([
      { target: gadgetTarget, outcome: 'patched' },
      { target: { kind: 'CustomResourceDefinition', name: widgetCrd.metadata.name }, outcome: 'not-applicable' },
    ]);

    await client.create(v1, { apiVersion: v1.apiVersion, kind: 'Gadget', metadata: { name: 'old', namespace: ns.name }, spec: { colour: 'red' } } as Gadget);
    // Reading at the other version needs the webhook, trusted once the API server reloads the CRD.
    const read = await waitFor(() => client.get<Gadget>(v2, 'old', ns.name), { timeoutMs: 30_000, description: 'Gadget old served as v2' });
    expect(read).toMatchObject({ apiVersion: v2.apiVersion, spec: { color: 'red' } });
    expect(read.spec.colour).toBeUndefined();

    // Written at v2, stored at v1 (the storage version): converted on the way in.
    await client.create(v2, { apiVersion: v2.apiVersion, kind: 'Gadget', metadata: { name: 'new', namespace: ns.name }, spec: { color: 'blue' } } as Gadget);
    expect((await client.get<Gadget>(v1, 'new', ns.name)).spec).toEqual({ colour: 'blue' });
    expect(conversions).toEqual(expect.arrayContaining([`${v1.apiVersion}->${v2.apiVersion}`, `${v2.apiVersion}->${v1.apiVersion}`]));

    // A list at v2 converts every item.
    const list = await client.list<Gadget>(v2, { namespace: ns.name });
    expect(list.items.map((g) => [g.metadata?.name, g.spec.color]).sort()).toEqual([['new', 'blue'], ['old', 'red']]);
  });
});
