// The Tapio pods the controllers read: the cache holds only pods managed by this operator, and each
// controller picks its component's by their identity labels.
import type { V1Pod } from '@kubernetes/client-node';
import { ResourceTypes, toLabelSelector, type Manager, type Request } from '@operators/k8s-common';
import { MANAGED_BY } from '../api/v1alpha1/group.ts';

export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Pods of any Tapio component: the cache holds only these, not every pod of the cluster. */
export const TAPIO_POD_SELECTOR = toLabelSelector({ [MANAGED_BY_LABEL]: MANAGED_BY });

/**
 * A pod (or Job) carries its owner's name as app.kubernetes.io/instance: a collector's, an
 * intelligence's or a cluster's. A name no resource of the watching kind has maps to nothing.
 */
export function instanceOf(object: { metadata?: { namespace?: string; labels?: Record<string, string> } }): Request[] {
  const instance = object.metadata?.labels?.['app.kubernetes.io/instance'];
  const namespace = object.metadata?.namespace;
  return instance && namespace ? [{ namespace, name: instance }] : [];
}

/** The cached Tapio pods of `namespace` whose labels include `selector`. */
export function podsMatching(manager: Manager, namespace: string | undefined, selector: Record<string, string>): V1Pod[] {
  return manager.cache
    .informerFor<V1Pod>(ResourceTypes.Pod, { labelSelector: TAPIO_POD_SELECTOR })
    .list(namespace)
    .filter((pod) => Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v));
}
