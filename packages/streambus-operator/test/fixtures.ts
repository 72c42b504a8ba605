// Test fixtures built from small option functions, as cert-manager's tests do:
// aCluster(withReplicas(5), withTls({ ca: true })).
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { withDefaults, type DefaultedStreamBusCluster } from '../src/api/v1alpha1/defaults.ts';
import type { StreamBusCluster, StreamBusClusterSpec } from '../src/api/v1alpha1/streambuscluster.ts';

export const EXAMPLE_NAMES = ['minimal-cluster', 'dev-cluster', 'production-cluster', 'secure-cluster', 'multi-tenant-cluster'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

/** An example file as written, parsed. */
export function readExample(name: ExampleName): unknown {
  return load(readFileSync(new URL(`../examples/${name}.yaml`, import.meta.url), 'utf8'));
}

/** An example as the API server would return it: in a namespace, with a uid and a generation. */
export function exampleCluster(name: ExampleName): DefaultedStreamBusCluster {
  return withDefaults(asStored(readExample(name) as StreamBusCluster));
}

export function asStored(cluster: StreamBusCluster): StreamBusCluster {
  return {
    ...cluster,
    metadata: { namespace: 'default', uid: 'c0ffee00-0000-4000-8000-000000000001', generation: 1, ...cluster.metadata },
  };
}

export type ClusterOption = (cluster: StreamBusCluster) => StreamBusCluster;

/** The minimal example (3 brokers, defaults elsewhere), changed by `options`, then defaulted. */
export function aCluster(...options: ClusterOption[]): DefaultedStreamBusCluster {
  const base = asStored(readExample('minimal-cluster') as StreamBusCluster);
  return withDefaults(options.reduce((cluster, option) => option(cluster), base));
}

export const withSpec =
  (patch: Partial<StreamBusClusterSpec>): ClusterOption =>
  (cluster) => ({ ...cluster, spec: { ...cluster.spec, ...patch } });

export const withReplicas = (replicas: number): ClusterOption => withSpec({ replicas });

export const withName =
  (name: string, namespace = 'default'): ClusterOption =>
  (cluster) => ({ ...cluster, metadata: { ...cluster.metadata, name, namespace } });

export const withGeneration =
  (generation: number): ClusterOption =>
  (cluster) => ({ ...cluster, metadata: { ...cluster.metadata, generation } });

export const withTls =
  ({ ca = false, clientAuth = false }: { ca?: boolean; clientAuth?: boolean } = {}): ClusterOption =>
  (cluster) =>
    withSpec({
      security: {
        ...cluster.spec.security,
        tls: {
          enabled: true,
          certSecretName: 'streambus-tls-certs',
          ...(ca ? { caSecretName: 'streambus-ca-cert' } : {}),
          ...(clientAuth ? { clientAuthRequired: true } : {}),
        },
      },
    })(cluster);

export const withStatus =
  (status: NonNullable<StreamBusCluster['status']>): ClusterOption =>
  (cluster) => ({ ...cluster, status });
