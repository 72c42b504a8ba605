import type { KubeObject } from '../client/kube-client.ts';
import type { InformerEvent } from '../cache/informer.ts';
import { canonicalJson } from '../hash.ts';

/** Decides whether an event is worth a reconcile. Adds and deletes pass unless a predicate says otherwise. */
export type Predicate<T extends KubeObject = KubeObject> = (event: InformerEvent<T>) => boolean;

/** Passes updates that change `metadata.generation` (spec changes), not status-only writes. */
export const generationChanged: Predicate = (e) =>
  e.type !== 'update' || e.old.metadata?.generation !== e.object.metadata?.generation;

export const labelsChanged: Predicate = (e) =>
  e.type !== 'update' || canonicalJson(e.old.metadata?.labels ?? {}) !== canonicalJson(e.object.metadata?.labels ?? {});

export const annotationsChanged: Predicate = (e) =>
  e.type !== 'update' || canonicalJson(e.old.metadata?.annotations ?? {}) !== canonicalJson(e.object.metadata?.annotations ?? {});

/** Passes updates where the deletion timestamp or finalizers changed (deletion handling). */
export const deletionChanged: Predicate = (e) =>
  e.type !== 'update' ||
  e.old.metadata?.deletionTimestamp !== e.object.metadata?.deletionTimestamp ||
  canonicalJson(e.old.metadata?.finalizers ?? []) !== canonicalJson(e.object.metadata?.finalizers ?? []);

/** Passes updates that change a resourceVersion: drops the identical re-deliveries of a relist. */
export const resourceVersionChanged: Predicate = (e) =>
  e.type !== 'update' || e.old.metadata?.resourceVersion !== e.object.metadata?.resourceVersion;

export function anyOf<T extends KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  return (e) => predicates.some((p) => p(e));
}

export function allOf<T extends KubeObject>(...predicates: Predicate<T>[]): Predicate<T> {
  return (e) => predicates.every((p) => p(e));
}

/**
 * The usual filter for a custom resource: spec changes, label or annotation changes (pause,
 * force-reconcile), deletion — but not the status writes the controller makes itself.
 */
export const specOrMetadataChanged: Predicate = anyOf(generationChanged, labelsChanged, annotationsChanged, deletionChanged);
