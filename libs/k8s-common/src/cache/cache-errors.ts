import { groupKind, type ResourceType } from '../client/resource-type.ts';
import { groupOf } from '../meta/owner.ts';
import type { ListWatchFailure } from './informer.ts';

/**
 * A cache read of a kind no informer was registered for. Starting one on the spot would answer
 * "not found" until it synced, which a reconciler cannot tell from a real absence.
 */
export class NotCachedError extends Error {
  readonly type: ResourceType;
  /** The label selectors the kind is cached with, if any. */
  readonly cachedSelectors: string[];

  constructor(type: ResourceType, cachedSelectors: string[]) {
    const kind = groupKind(type);
    const filtered = cachedSelectors.length
      ? `; it is cached only with label selector ${cachedSelectors.map((s) => JSON.stringify(s)).join(', ')}: read it through cache.informerFor(${type.kind}, { labelSelector })`
      : '';
    super(
      `the cache has no informer for ${kind} (${type.apiVersion}) without a label selector: register it before manager.start() ` +
        `with .owns(${type.kind}) or .watches(${type.kind}, …) on a controller, or cache.informerFor(${type.kind})${filtered}`,
    );
    this.name = 'NotCachedError';
    this.type = type;
    this.cachedSelectors = cachedSelectors;
  }
}

/** One informer (for one namespace, when the cache watches several) that has not listed yet. */
export interface UnsyncedInformer {
  type: ResourceType;
  labelSelector: string | undefined;
  namespace: string | undefined;
  lastFailure: ListWatchFailure | undefined;
}

/**
 * Caches that did not sync in time. The message names each kind and why it is not synced: for a
 * 403 the API server's message names the user, verb and resource, and we add the rule it needs.
 */
export class CacheSyncTimeoutError extends Error {
  readonly unsynced: UnsyncedInformer[];

  constructor(timeoutMs: number, unsynced: UnsyncedInformer[]) {
    super(`caches did not sync within ${timeoutMs / 1000} s: ${unsynced.map(describeUnsynced).join('; ') || 'none pending (they synced as the deadline passed)'}`);
    this.name = 'CacheSyncTimeoutError';
    this.unsynced = unsynced;
  }
}

function describeUnsynced(part: UnsyncedInformer): string {
  const where = [part.namespace ? `in namespace ${part.namespace}` : 'in all namespaces', part.labelSelector ? `with label selector "${part.labelSelector}"` : '']
    .filter(Boolean)
    .join(' ');
  const failure = part.lastFailure;
  if (!failure) return `${groupKind(part.type)} ${where}: no answer to its list yet`;
  const rule = failure.statusCode === 403 ? ` (RBAC must allow list and watch on ${part.type.plural} in API group "${groupOf(part.type.apiVersion)}")` : '';
  return `${groupKind(part.type)} ${where}: ${failure.message}${rule}`;
}
