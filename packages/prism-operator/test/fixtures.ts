// Test fixtures built from small option functions, as cert-manager's tests do:
// aPattern(withAutoscaling({ scaler: 'keda', triggers: [...] })).
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import {
  backendWithDefaults,
  namespaceWithDefaults,
  patternWithDefaults,
  stackWithDefaults,
  type DefaultedPrismBackend,
  type DefaultedPrismNamespace,
  type DefaultedPrismPattern,
  type DefaultedPrismStack,
} from '../src/api/v1alpha1/defaults.ts';
import type { PrismBackend, PrismBackendSpec } from '../src/api/v1alpha1/prismbackend.ts';
import type { PrismNamespace, PrismNamespaceSpec } from '../src/api/v1alpha1/prismnamespace.ts';
import type { PrismPattern, PrismPatternSpec } from '../src/api/v1alpha1/prismpattern.ts';
import type { PrismStack, PrismStackSpec } from '../src/api/v1alpha1/prismstack.ts';

/** The seed's samples under the names its commands use, and one example of each other kind. */
export const EXAMPLE_NAMES = [
  'prismpattern_hpa_example',
  'prismpattern_keda_kafka_example',
  'prismpattern_keda_multi_trigger_example',
  'prismpattern_production_example',
  'prismpattern_hpa_custom_metrics_example',
  'prismbackend_kafka_example',
  'prismstack_example',
  'prismnamespace_example',
] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

type Resource = { apiVersion: string; kind: string; metadata: { name?: string; namespace?: string } };

/** Every document of an example file, as written. */
export function readExample(name: ExampleName): Resource[] {
  return loadAll(readFileSync(new URL(`../examples/${name}.yaml`, import.meta.url), 'utf8')) as Resource[];
}

/** The one document of `kind` in an example. */
export function exampleOf<T>(name: ExampleName, kind: string): T {
  const found = readExample(name).filter((doc) => doc.kind === kind);
  if (found.length !== 1) throw new Error(`${name} holds ${found.length} ${kind}s`);
  return found[0] as T;
}

export const NAMESPACE = 'prism-test';
const UID = 'c0ffee00-0000-4000-8000-000000000001';

/** A resource as the API server would return it: in a namespace (unless cluster-scoped), with a uid and a generation. */
export function asStored<T extends Resource>(resource: T, { clusterScoped = false } = {}): T {
  return {
    ...resource,
    metadata: { ...(clusterScoped ? {} : { namespace: NAMESPACE }), uid: UID, generation: 1, ...resource.metadata },
  };
}

export const examplePattern = (name: ExampleName): DefaultedPrismPattern => patternWithDefaults(asStored(exampleOf<PrismPattern>(name, 'PrismPattern')));
export const exampleBackend = (name: ExampleName): DefaultedPrismBackend => backendWithDefaults(asStored(exampleOf<PrismBackend>(name, 'PrismBackend')));
export const exampleStack = (name: ExampleName = 'prismstack_example'): DefaultedPrismStack => stackWithDefaults(asStored(exampleOf<PrismStack>(name, 'PrismStack')));
export const exampleNamespace = (name: ExampleName = 'prismnamespace_example'): DefaultedPrismNamespace =>
  namespaceWithDefaults(asStored(exampleOf<PrismNamespace>(name, 'PrismNamespace'), { clusterScoped: true }));

type Option<T> = (resource: T) => T;
const build = <T, D>(base: T, options: Option<T>[], withDefaults: (resource: T) => D): D =>
  withDefaults(options.reduce((resource, option) => option(resource), base));

// PrismPattern --------------------------------------------------------------------------------

export type PatternOption = Option<PrismPattern>;

/** A producer on Kafka with one replica and defaults elsewhere, changed by `options`, then defaulted. */
export function aPattern(...options: PatternOption[]): DefaultedPrismPattern {
  const base: PrismPattern = asStored({
    apiVersion: 'prism.io/v1alpha1',
    kind: 'PrismPattern',
    metadata: { name: 'orders' },
    spec: { pattern: 'producer', backend: 'kafka' },
  });
  return build(base, options, patternWithDefaults);
}

export const withPatternSpec =
  (patch: Partial<PrismPatternSpec>): PatternOption =>
  (pattern) => ({ ...pattern, spec: { ...pattern.spec, ...patch } });

export const withAutoscaling =
  (autoscaling: NonNullable<PrismPatternSpec['autoscaling']>): PatternOption =>
  (pattern) => withPatternSpec({ autoscaling: { enabled: true, ...autoscaling } })(pattern);

export const withPatternName =
  (name: string): PatternOption =>
  (pattern) => ({ ...pattern, metadata: { ...pattern.metadata, name } });

export const withPatternGeneration =
  (generation: number): PatternOption =>
  (pattern) => ({ ...pattern, metadata: { ...pattern.metadata, generation } });

export const withPatternStatus =
  (status: NonNullable<PrismPattern['status']>): PatternOption =>
  (pattern) => ({ ...pattern, status });

// PrismBackend --------------------------------------------------------------------------------

export type BackendOption = Option<PrismBackend>;

/** A PrismBackend `name` with `spec`, defaulted. */
export function aBackend(name: string, spec: PrismBackendSpec, ...options: BackendOption[]): DefaultedPrismBackend {
  const base: PrismBackend = asStored({ apiVersion: 'prism.io/v1alpha1', kind: 'PrismBackend', metadata: { name }, spec });
  return build(base, options, backendWithDefaults);
}

export const withBackendStatus =
  (status: NonNullable<PrismBackend['status']>): BackendOption =>
  (backend) => ({ ...backend, status });

// PrismStack ----------------------------------------------------------------------------------

export type StackOption = Option<PrismStack>;

/** A stack `prism` with nothing but defaults, changed by `options`, then defaulted. */
export function aStack(...options: StackOption[]): DefaultedPrismStack {
  const base: PrismStack = asStored({ apiVersion: 'prism.io/v1alpha1', kind: 'PrismStack', metadata: { name: 'prism' }, spec: {} });
  return build(base, options, stackWithDefaults);
}

export const withStackSpec =
  (patch: Partial<PrismStackSpec>): StackOption =>
  (stack) => ({ ...stack, spec: { ...stack.spec, ...patch } });

// PrismNamespace ------------------------------------------------------------------------------

export type NamespaceOption = Option<PrismNamespace>;

/** A PrismNamespace `tenant-a` with nothing but defaults, changed by `options`, then defaulted. */
export function aNamespace(...options: NamespaceOption[]): DefaultedPrismNamespace {
  const base: PrismNamespace = asStored(
    { apiVersion: 'prism.io/v1alpha1', kind: 'PrismNamespace', metadata: { name: 'tenant-a' }, spec: {} },
    { clusterScoped: true },
  );
  return build(base, options, namespaceWithDefaults);
}

export const withNamespaceSpec =
  (patch: Partial<PrismNamespaceSpec>): NamespaceOption =>
  (namespace) => ({ ...namespace, spec: { ...namespace.spec, ...patch } });
