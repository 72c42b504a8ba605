import Type from 'typebox';
import type { V1ConfigMap, V1Pod } from '@kubernetes/client-node';
import {
  KubeClient, loadKubeConfig, ResourceTypes, ConditionsSchema, Quantity, toCrd, validateResource, CustomResource, formatValidationErrors, parseResource,
  controllerFor, specOrMetadataChanged, TerminalError, Manager, parseManagerConfig, recordApplyEvent, setConditions, updateStatusIfChanged,
  hasFinalizer, withFinalizer, CertificateManager, WebhookServer, injectCaBundle, resourceType, WorkQueue, syncCrdArtifacts, type CaBundlePatcher, type Condition,
} from '../src/index.ts';
import { testClient, createTestNamespace, RequestCounter, sleep } from '../src/testing/index.ts';

const client = await KubeClient.create(loadKubeConfig(), { userAgent: 'my-operator', requestTimeoutMs: 30_000, observers: [(r) => console.log(r.method, r.path, r.code, r.seconds)] });
const cm = await client.tryGet<V1ConfigMap>(ResourceTypes.ConfigMap, 'settings', 'prod');
void cm;
await client.apply(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'prod' }, data: { a: '1' } }, { fieldManager: 'my-operator' });
for await (const e of client.watch<V1ConfigMap>(ResourceTypes.ConfigMap, { namespace: 'prod', timeoutSeconds: 60 })) console.log(e.type);

const FooSpec = Type.Object({
  replicas: Type.Integer({ minimum: 1, default: 3, description: 'Number of pods.' }),
  memory: Quantity({ default: '1Gi' }),
  image: Type.String(),
});
const FooStatus = Type.Object({
  replicas: Type.Optional(Type.Integer()),
  observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  conditions: Type.Optional(ConditionsSchema()),
});
export const fooCrd = toCrd({
  group: 'example.operators.dev',
  names: { kind: 'Foo', plural: 'foos', shortNames: ['foo'], categories: ['example'] },
  scope: 'Namespaced',
  description: 'A Foo cluster.',
  versions: [{
    name: 'v1alpha1', spec: FooSpec, status: FooStatus,
    subresources: { scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
    printerColumns: [{ name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' }],
    validations: [{ rule: 'self.metadata.name.size() <= 40', message: 'name is at most 40 characters' }],
  }],
});
const schema = CustomResource(FooSpec, FooStatus);
const obj: unknown = {};
const result = validateResource(schema, obj);
if (!result.ok) console.log(formatValidationErrors(result.errors));
const parsed = parseResource(schema, { apiVersion: 'x', kind: 'Foo', metadata: {}, spec: { image: 'a' } });
console.log(parsed.spec.replicas, JSON.stringify(fooCrd.spec.versions[0]!.schema.openAPIV3Schema.properties!.spec));
await syncCrdArtifacts({ crds: [fooCrd], crdDir: '/tmp/x', check: true });

type Foo = { apiVersion: string; kind: string; metadata: { name: string; namespace: string; uid?: string; generation?: number; resourceVersion?: string; labels?: Record<string, string>; finalizers?: string[] }; spec: { replicas: number; image: string }; status?: { observedGeneration?: number; conditions?: Condition[] } };
const Foos = resourceType('example.operators.dev/v1alpha1', 'Foo', 'foos');
const manager = await Manager.create({ name: 'foo-operator', config: parseManagerConfig('foo-operator', []), metricsPrefix: 'foo_operator', forceReconcileAnnotation: 'foo.dev/force-reconcile' });
manager.add(
  controllerFor(Foos, specOrMetadataChanged)
    .owns(ResourceTypes.StatefulSet)
    .owns(ResourceTypes.ConfigMap)
    .watches<V1Pod>(ResourceTypes.Pod, (pod) => {
      const name = pod.metadata?.labels?.['app.kubernetes.io/instance'];
      return name ? [{ namespace: pod.metadata!.namespace!, name }] : [];
    }, [], { labelSelector: 'app.kubernetes.io/managed-by=foo-operator' })
    .withEventFilter()
    .withOptions({ maxConcurrentReconciles: 2, resyncPeriodMs: 600_000 })
    .complete(async (request, { logger, reconcileID, signal }) => {
      void logger; void reconcileID; void signal;
      const foo = manager.cache.get<Foo>(Foos, request.name, request.namespace);
      if (!foo) return;
      if (!foo.spec.image) throw new TerminalError('spec.image is empty');
      const name = 'x'; const ns = 'y';
      const desired = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns } };
      const live = manager.cache.get(ResourceTypes.ConfigMap, name, ns);
      const res = await manager.applier.apply(ResourceTypes.ConfigMap, desired, live);
      recordApplyEvent(manager.events, foo, 'ConfigMap', name, res);
      const conditions = setConditions(foo.status?.conditions, [
        { type: 'Ready', status: 'True', reason: 'Reconciled', message: 'all replicas ready', observedGeneration: foo.metadata.generation },
      ]);
      await updateStatusIfChanged(manager.client, Foos, foo, { observedGeneration: foo.metadata.generation, conditions }, manager.name);
      const F = 'foo.dev/cleanup';
      if (!hasFinalizer(foo, F)) await client.patch(Foos, name, ns, { metadata: { finalizers: withFinalizer(foo, F), resourceVersion: foo.metadata.resourceVersion } });
      return { requeueAfterMs: 60_000 };
    }),
);
const certs = await CertificateManager.create({ serviceName: 'foo-operator-webhook', namespace: 'foo-system' });
const server = new WebhookServer({ port: 9443, certificates: certs, logger: manager.logger })
  .validating<Foo>('/validate-foo', (req) => (req.object?.spec.replicas === 2 ? { allowed: false, message: 'spec.replicas: 2 is not allowed' } : { allowed: true }))
  .mutatingObject<Foo>('/mutate-foo', (foo) => { foo.metadata!.labels = { ...foo.metadata!.labels, team: 'a' }; })
  .conversion('/convert', (o, v) => ({ ...o, apiVersion: v }));
await server.start();
const patcher: CaBundlePatcher = {
  get: (t) => client.tryGet(ResourceTypes[t.kind], t.name),
  patch: async (t, ops) => { await client.patch(ResourceTypes[t.kind], t.name, undefined, ops, 'json'); },
};
certs.onCaBundleChange((caPem) => injectCaBundle(patcher, [{ kind: 'ValidatingWebhookConfiguration', name: 'foo-operator' }], caPem).then(() => undefined));
if (await manager.discovery.serves(ResourceTypes.ServiceMonitor)) console.log('sm');
const queue = new WorkQueue<string>();
queue.add('ns/a');
const item = await queue.get();
const work = async (k: string) => { void k; };
if (!item.shutdown) { try { await work(item.key); queue.forget(item.key); } catch { queue.addRateLimited(item.key); } finally { queue.done(item.key); } }
const tc = await testClient();
const ns2 = await createTestNamespace(tc, 'foo');
const counter = new RequestCounter(manager.client);
await sleep(10);
console.log(counter.writes());
await ns2.cleanup();
const pods = manager.cache.informerFor<V1Pod>(ResourceTypes.Pod, { labelSelector: 'a=b' });
void pods;
const children = manager.cache.ownedBy(ResourceTypes.StatefulSet, 'uid');
void children;
manager.handleSignals();
try { await manager.start(); } catch (err) { manager.logger.error('manager failed', { error: String(err) }); process.exit(1); }
