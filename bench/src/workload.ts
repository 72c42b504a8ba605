// The bench's custom resource and the two children every peer owns per resource. The Go peer
// (peers/controller-runtime/main.go) builds the same objects; keep both in step.
import type { V1ConfigMap, V1Deployment } from '@kubernetes/client-node';
import Type from 'typebox';
import { ConditionsSchema, controllerReference, resourceType, toCrd, type Condition } from '@operators/k8s-common';

export const BENCH_GROUP = 'bench.operators.dev';
export const BenchApps = resourceType(`${BENCH_GROUP}/v1`, 'BenchApp', 'benchapps');

const BenchAppSpec = Type.Object({
  value: Type.String({ description: 'Copied into the ConfigMap: what a change of the benchmark changes' }),
  image: Type.String({ description: 'The Deployment container image' }),
  replicas: Type.Integer({ minimum: 0, description: 'Deployment replicas (0 in the bench: no pods, so the controller-manager is not the bottleneck)' }),
});
const BenchAppStatus = Type.Object({
  observedGeneration: Type.Optional(Type.Integer({ format: 'int64' })),
  conditions: Type.Optional(ConditionsSchema()),
});

export const benchAppCrd = toCrd({
  group: BENCH_GROUP,
  names: { kind: 'BenchApp', plural: 'benchapps' },
  scope: 'Namespaced',
  versions: [{ name: 'v1', served: true, storage: true, spec: BenchAppSpec, status: BenchAppStatus }],
});

export interface BenchApp {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; uid: string; generation?: number; resourceVersion?: string };
  spec: { value: string; image: string; replicas: number };
  status?: { observedGeneration?: number; conditions?: Condition[] };
}

export function benchApp(namespace: string, name: string, value: string, replicas: number): Omit<BenchApp, 'metadata'> & { metadata: { name: string; namespace: string } } {
  return { apiVersion: BenchApps.apiVersion, kind: 'BenchApp', metadata: { name, namespace }, spec: { value, image: 'registry.k8s.io/pause:3.10', replicas } };
}

export const configMapName = (app: string): string => `${app}-config`;
const appLabels = (app: string) => ({ 'app.kubernetes.io/name': 'benchapp', 'app.kubernetes.io/instance': app });

export function desiredConfigMap(app: BenchApp): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: configMapName(app.metadata.name), namespace: app.metadata.namespace, labels: appLabels(app.metadata.name), ownerReferences: [controllerReference(app)] },
    data: { value: app.spec.value },
  };
}

export function desiredDeployment(app: BenchApp): V1Deployment {
  const labels = appLabels(app.metadata.name);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: app.metadata.name, namespace: app.metadata.namespace, labels, ownerReferences: [controllerReference(app)] },
    spec: {
      replicas: app.spec.replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: app.spec.image }] } },
    },
  };
}

/** Ready as every peer reports it: the Deployment available and its observedGeneration current. */
export function deploymentAvailable(deployment: V1Deployment | undefined): boolean {
  if (!deployment?.status) return false;
  if ((deployment.status.observedGeneration ?? 0) < (deployment.metadata?.generation ?? 1)) return false;
  return deployment.status.conditions?.some((c) => c.type === 'Available' && c.status === 'True') ?? false;
}

/** What the bench waits for: status Ready=True for the current generation. */
export function isReadyAndCurrent(app: BenchApp): boolean {
  const generation = app.metadata.generation ?? 1;
  if (app.status?.observedGeneration !== generation) return false;
  return app.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True' && (c.observedGeneration ?? generation) === generation) ?? false;
}
