// Test fixtures built from small option functions, as cert-manager's tests do:
// anApp(withReplicas(5), withTls()).
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import type { CycloneApp, CycloneAppSpec } from '../src/api/v1/cycloneapp.ts';
import { withDefaults, type StoredCycloneApp } from '../src/api/v1/defaults.ts';

export const EXAMPLE_NAMES = [
  'simple-app',
  'custom-app',
  'production-api',
  'staging-api',
  'secure-app',
  'optimized-app',
  'high-performance-api',
] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

/** An example file as written, parsed. */
export function readExample(name: ExampleName): unknown {
  return load(readFileSync(new URL(`../examples/${name}.yaml`, import.meta.url), 'utf8'));
}

/** An example as the API server would return it: in a namespace, with a uid and a generation. */
export function exampleApp(name: ExampleName): StoredCycloneApp {
  return withDefaults(asStored(readExample(name) as CycloneApp));
}

export function asStored(app: CycloneApp): CycloneApp {
  return { ...app, metadata: { namespace: 'default', uid: 'c0ffee00-0000-4000-8000-000000000009', generation: 1, ...app.metadata } };
}

export type AppOption = (app: CycloneApp) => CycloneApp;

/** The simple example (my-cyclone-app, 3 replicas, defaults elsewhere), changed by `options`, then defaulted. */
export function anApp(...options: AppOption[]): StoredCycloneApp {
  const base = asStored(readExample('simple-app') as CycloneApp);
  return withDefaults(options.reduce((app, option) => option(app), base));
}

export const withSpec =
  (patch: Partial<CycloneAppSpec>): AppOption =>
  (app) => ({ ...app, spec: { ...app.spec, ...patch } });

export const withReplicas = (replicas: number): AppOption => withSpec({ replicas });

/** No acceleration flag, so no node capability is needed. */
export const withoutAcceleration: AppOption = withSpec({ networking: { enableRDMA: false, enableDPDK: false, enableXDP: false } });

export const withoutAutoscaling: AppOption = withSpec({ autoscaling: { enabled: false } });
/** The block with nothing in it: enabled (its default) and every bound derived. */
export const withAutoscaling: AppOption = withSpec({ autoscaling: {} });

export const withTls: AppOption = withSpec({ tls: { enabled: true, certificateSecret: 'my-tls-secret' } });

export const withName =
  (name: string, namespace = 'default'): AppOption =>
  (app) => ({ ...app, metadata: { ...app.metadata, name, namespace } });

export const withGeneration =
  (generation: number): AppOption =>
  (app) => ({ ...app, metadata: { ...app.metadata, generation } });

export const withStatus =
  (status: NonNullable<CycloneApp['status']>): AppOption =>
  (app) => ({ ...app, status });
