// Why KubeClient sends and reads plain JSON instead of going through @kubernetes/client-node's
// KubernetesObjectApi: that API passes every object of a kind it has a generated model for
// through ObjectSerializer, which keeps only the properties the model knows. Run it to see the
// figures quoted in docs/k8s-common.md ("Why not client-node's API classes"):
//
//   node --conditions=development libs/k8s-common/bench/client-node-serializer.ts
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// ObjectSerializer is internal to client-node (not exported by its index), so it is loaded by path.
const require = createRequire(import.meta.url);
const clientNodeDist = dirname(require.resolve('@kubernetes/client-node'));
const { ObjectSerializer } = (await import(join(clientNodeDist, 'serializer.js'))) as {
  ObjectSerializer: { serialize(value: unknown, type: string): unknown; deserialize(value: unknown, type: string): unknown };
};

// A field the generated models do not have stands for any field newer than the client's models.
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    fieldNewerThanTheModels: { enabled: true },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'web:1', resources: { limits: { cpu: '500m' } }, containerFieldNewerThanTheModels: 1 }] },
    },
  },
};

const sent = ObjectSerializer.serialize(deployment, 'V1Deployment') as typeof deployment;
const read = ObjectSerializer.deserialize(deployment, 'V1Deployment') as { metadata: { creationTimestamp: unknown } };
console.log('request body keeps a field newer than the models:', 'fieldNewerThanTheModels' in sent.spec);
console.log('request body keeps a container field newer than the models:', 'containerFieldNewerThanTheModels' in sent.spec.template.spec.containers[0]!);
console.log('a read keeps a field newer than the models:', 'fieldNewerThanTheModels' in (read as unknown as typeof deployment).spec);
console.log('a read turns timestamps into:', read.metadata.creationTimestamp instanceof Date ? 'Date objects' : typeof read.metadata.creationTimestamp);

const rounds = 20_000;
const time = (fn: () => unknown): number => {
  const started = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return ((performance.now() - started) / rounds) * 1000;
};
const serialize = time(() => ObjectSerializer.serialize(deployment, 'V1Deployment'));
const deserialize = time(() => ObjectSerializer.deserialize(deployment, 'V1Deployment'));
const json = time(() => JSON.parse(JSON.stringify(deployment)));
console.log(`per Deployment: serialize ${serialize.toFixed(1)} µs, deserialize ${deserialize.toFixed(1)} µs, plain JSON round trip ${json.toFixed(1)} µs`);
