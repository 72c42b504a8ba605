// Test fixtures built from small option functions, as cert-manager's tests do:
// aCluster(withSpec({ profile: 'edge' })), anIntelligence(withNeo4jReplicas(3)).
import { readFileSync } from 'node:fs';
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import {
  withClusterDefaults,
  withCollectorDefaults,
  withIntelligenceDefaults,
  type DefaultedTapioCollector,
  type DefaultedTapioIntelligence,
} from '../src/api/v1alpha1/defaults.ts';
import { withProfileDefaults, type ProfiledTapioCluster } from '../src/api/v1alpha1/profile.ts';
import type { TapioCluster, TapioClusterSpec } from '../src/api/v1alpha1/tapiocluster.ts';
import type { TapioCollector, TapioCollectorSpec } from '../src/api/v1alpha1/tapiocollector.ts';
import type { TapioIntelligence, TapioIntelligenceSpec } from '../src/api/v1alpha1/tapiointelligence.ts';
import { desiredTapioCollector, desiredTapioIntelligence } from '../src/resources/tapio-children.ts';

/** The README's TapioCluster examples. */
export const CLUSTER_EXAMPLES = ['minimal-development', 'production-ha', 'edge', 'installation'] as const;
export type ClusterExample = (typeof CLUSTER_EXAMPLES)[number];
export const EXAMPLE_FILES = [...CLUSTER_EXAMPLES, 'operator-config'] as const;

/** An example file as written, parsed. */
export function readExample(name: (typeof EXAMPLE_FILES)[number]): unknown {
  return load(readFileSync(new URL(`../examples/${name}.yaml`, import.meta.url), 'utf8'));
}

const UID = 'c0ffee00-0000-4000-8000-000000000001';

function asStored<T extends { metadata: V1ObjectMeta }>(resource: T): T {
  return { ...resource, metadata: { namespace: 'tapio', uid: UID, generation: 1, ...resource.metadata } };
}

/** An example as the API server would return it, schema and profile defaults applied. */
export function exampleCluster(name: ClusterExample): ProfiledTapioCluster {
  return withProfileDefaults(withClusterDefaults(asStored(readExample(name) as TapioCluster)));
}

export type Option<T> = (resource: T) => T;

/** A TapioCluster (minimal-development unless `spec` says otherwise), changed by `options`, then defaulted and profiled. */
export function aCluster(...options: Option<TapioCluster>[]): ProfiledTapioCluster {
  const base = asStored(readExample('minimal-development') as TapioCluster);
  return withProfileDefaults(withClusterDefaults(options.reduce((cluster, option) => option(cluster), base)));
}

export const withClusterSpec =
  (patch: Partial<TapioClusterSpec>): Option<TapioCluster> =>
  (cluster) => ({ ...cluster, spec: { ...cluster.spec, ...patch } });

export const named =
  <T extends { metadata: { name?: string } }>(name: string): Option<T> =>
  (resource) => ({ ...resource, metadata: { ...resource.metadata, name } });

export const withAnnotations =
  <T extends { metadata: { annotations?: Record<string, string> } }>(annotations: Record<string, string>): Option<T> =>
  (resource) => ({ ...resource, metadata: { ...resource.metadata, annotations: { ...resource.metadata.annotations, ...annotations } } });

export const withLabels =
  <T extends { metadata: { labels?: Record<string, string> } }>(labels: Record<string, string>): Option<T> =>
  (resource) => ({ ...resource, metadata: { ...resource.metadata, labels: { ...resource.metadata.labels, ...labels } } });

/** A TapioCollector of `type` named `tapio-<type>`, changed by `options`, then defaulted. */
export function aCollector(type: TapioCollectorSpec['type'], ...options: Option<TapioCollector>[]): DefaultedTapioCollector {
  const base = asStored<TapioCollector>({
    apiVersion: 'tapio.io/v1alpha1',
    kind: 'TapioCollector',
    metadata: { name: `tapio-${type}` },
    spec: {
      type,
      natsUrl: 'nats://tapio-nats.tapio.svc:4222',
      ...(type === 'etcd' ? { etcd: { secretName: 'etcd-client' } } : {}),
    },
  });
  return withCollectorDefaults(options.reduce((collector, option) => option(collector), base));
}

export const withCollectorSpec =
  (patch: Partial<TapioCollectorSpec>): Option<TapioCollector> =>
  (collector) => ({ ...collector, spec: { ...collector.spec, ...patch } });

/** A TapioIntelligence named `tapio` (one Neo4j server, one correlation pod), changed by `options`, then defaulted. */
export function anIntelligence(...options: Option<TapioIntelligence>[]): DefaultedTapioIntelligence {
  const base = asStored<TapioIntelligence>({
    apiVersion: 'tapio.io/v1alpha1',
    kind: 'TapioIntelligence',
    metadata: { name: 'tapio' },
    spec: { natsUrl: 'nats://tapio-nats.tapio.svc:4222', natsCredentialsSecretName: 'tapio-nats-credentials' },
  });
  return withIntelligenceDefaults(options.reduce((intelligence, option) => option(intelligence), base));
}

export const withIntelligenceSpec =
  (patch: Partial<TapioIntelligenceSpec>): Option<TapioIntelligence> =>
  (intelligence) => ({ ...intelligence, spec: { ...intelligence.spec, ...patch } });

/** A highly available intelligence: three Neo4j servers, two correlation pods. */
export const highlyAvailable: Option<TapioIntelligence> = (intelligence) =>
  withIntelligenceSpec({
    highAvailability: true,
    neo4j: { ...intelligence.spec.neo4j, replicas: 3 },
    correlation: { ...intelligence.spec.correlation, replicas: 2 },
  })(intelligence);

/** The TapioIntelligence a cluster example makes, as the API server would store it (with a uid). */
export function intelligenceOf(cluster: ProfiledTapioCluster): DefaultedTapioIntelligence {
  const desired = desiredTapioIntelligence(cluster);
  return withIntelligenceDefaults({ ...desired, metadata: { ...desired.metadata, uid: 'c0ffee00-0000-4000-8000-000000000002', generation: 1 } });
}

/** The TapioCollector of `type` a cluster example makes, as stored. */
export function collectorOf(cluster: ProfiledTapioCluster, type: TapioCollectorSpec['type']): DefaultedTapioCollector {
  const desired = desiredTapioCollector(cluster, type);
  return withCollectorDefaults({ ...desired, metadata: { ...desired.metadata, uid: 'c0ffee00-0000-4000-8000-000000000003', generation: 1 } });
}
