// Test fixtures built from small option functions, as cert-manager's tests do:
// aTickStorm(withReplicas(5), withAutoscaling({ maxReplicas: 8 })).
import { readFileSync } from 'node:fs';
import type { V1ContainerStateTerminated, V1Pod } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { withDefaults, type DefaultedTickStorm } from '../src/api/v1alpha1/defaults.ts';
import type { TickStorm, TickStormSpec } from '../src/api/v1alpha1/tickstorm.ts';

export const EXAMPLE_NAMES = ['seed-defaults', 'dev', 'production'] as const;
export type ExampleName = (typeof EXAMPLE_NAMES)[number];

/** An example file as written, parsed. */
export function readExample(name: ExampleName): unknown {
  return load(readFileSync(new URL(`../examples/${name}.yaml`, import.meta.url), 'utf8'));
}

/** An example as the API server would return it: in a namespace, with a uid and a generation. */
export function exampleTickStorm(name: ExampleName): DefaultedTickStorm {
  return withDefaults(asStored(readExample(name) as TickStorm));
}

export function asStored(tickStorm: TickStorm): TickStorm {
  return {
    ...tickStorm,
    metadata: { namespace: 'tick-storm', uid: 'c0ffee00-0000-4000-8000-000000000008', generation: 1, ...tickStorm.metadata },
  };
}

export type TickStormOption = (tickStorm: TickStorm) => TickStorm;

/** A TickStorm named tick-storm with nothing set: every default. */
export function bareTickStorm(): TickStorm {
  return asStored({ apiVersion: 'tickstorm.io/v1alpha1', kind: 'TickStorm', metadata: { name: 'tick-storm' }, spec: {} });
}

/** The bare TickStorm changed by `options`, then defaulted. */
export function aTickStorm(...options: TickStormOption[]): DefaultedTickStorm {
  return withDefaults(options.reduce((tickStorm, option) => option(tickStorm), bareTickStorm()));
}

export const withSpec =
  (patch: Partial<TickStormSpec>): TickStormOption =>
  (tickStorm) => ({ ...tickStorm, spec: { ...tickStorm.spec, ...patch } });

export const withReplicas = (replicas: number): TickStormOption => withSpec({ replicas });

export const withLimits = (limits: NonNullable<NonNullable<TickStormSpec['resources']>['limits']>): TickStormOption => (tickStorm) =>
  withSpec({ resources: { ...tickStorm.spec.resources, limits: { ...tickStorm.spec.resources?.limits, ...limits } } })(tickStorm);

export const withRequests = (requests: NonNullable<NonNullable<TickStormSpec['resources']>['requests']>): TickStormOption => (tickStorm) =>
  withSpec({ resources: { ...tickStorm.spec.resources, requests: { ...tickStorm.spec.resources?.requests, ...requests } } })(tickStorm);

export const withAutoscaling = (autoscaling: NonNullable<TickStormSpec['autoscaling']> = {}): TickStormOption => withSpec({ autoscaling });

export const withNamespaceGuard = (namespaceGuard: NonNullable<TickStormSpec['namespaceGuard']> = {}): TickStormOption => withSpec({ namespaceGuard });

export const withName =
  (name: string, namespace = 'tick-storm'): TickStormOption =>
  (tickStorm) => ({ ...tickStorm, metadata: { ...tickStorm.metadata, name, namespace } });

export const withGeneration =
  (generation: number): TickStormOption =>
  (tickStorm) => ({ ...tickStorm, metadata: { ...tickStorm.metadata, generation } });

export const withStatus =
  (status: NonNullable<TickStorm['status']>): TickStormOption =>
  (tickStorm) => ({ ...tickStorm, status });

// Pods as the kubelet reports them, for the ResourcePressure decision: aPod('p', withLastTermination(...)).

export type PodOption = (pod: V1Pod) => V1Pod;

export function aPod(name: string, ...options: PodOption[]): V1Pod {
  const pod: V1Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'tick-storm' },
    status: { phase: 'Running', containerStatuses: [{ name: 'tick-storm', ready: true, restartCount: 0, image: 'tickstorm:latest', imageID: '' }] },
  };
  return options.reduce((current, option) => option(current), pod);
}

/** A termination as the API server sends it: finishedAt is an RFC 3339 string (client-node types it as a Date). */
type Termination = Omit<Partial<V1ContainerStateTerminated>, 'finishedAt'> & { finishedAt: string | Date };

/** The container's last termination (it has restarted since), as `lastState.terminated`. */
export const withLastTermination =
  (terminated: Termination): PodOption =>
  (pod) => updateContainer(pod, (status) => ({ ...status, restartCount: status.restartCount + 1, lastState: { terminated: { exitCode: 137, ...terminated } as never } }));

/** The container is terminated right now and has not restarted yet, as `state.terminated`. */
export const withCurrentTermination =
  (terminated: Termination): PodOption =>
  (pod) => updateContainer(pod, (status) => ({ ...status, ready: false, state: { terminated: { exitCode: 137, ...terminated } as never } }));

export const oomKilledAt = (finishedAt: string) => ({ reason: 'OOMKilled', exitCode: 137, finishedAt });

export const withEviction =
  (message: string): PodOption =>
  (pod) => ({ ...pod, status: { phase: 'Failed', reason: 'Evicted', message } });

function updateContainer(pod: V1Pod, change: (status: NonNullable<NonNullable<V1Pod['status']>['containerStatuses']>[number]) => typeof status): V1Pod {
  const statuses = pod.status?.containerStatuses ?? [];
  return { ...pod, status: { ...pod.status, containerStatuses: statuses.map((status, index) => (index === 0 ? change(status) : status)) } };
}
