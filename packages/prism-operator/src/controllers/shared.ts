// What the Prism controllers do alike: the pods they read, how a stored object that fails
// validation is reported, and how soon they look again for an add-on's missing CRDs.
import type { V1Pod } from '@kubernetes/client-node';
import { ResourceTypes, toLabelSelector, type KubeObject, type Manager, type ValidationIssue } from '@operators/k8s-common';
import { MANAGED_BY } from '../api/v1alpha1/group.ts';

/**
 * While an add-on's CRDs (KEDA's, prometheus-operator's) are missing: no watch says they were
 * installed, and discovery caches its answer for 30 s more.
 */
export const CRD_RECHECK_MS = 15_000;

/** Pods of any Prism workload: the cache holds only these, not every pod of the cluster. */
export const PRISM_POD_SELECTOR = toLabelSelector({ 'app.kubernetes.io/managed-by': MANAGED_BY });

/** The cached Prism pods of `namespace` that carry every label of `selector`. */
export function podsMatching(manager: Manager, namespace: string | undefined, selector: Record<string, string>): V1Pod[] {
  return manager.cache
    .informerFor<V1Pod>(ResourceTypes.Pod, { labelSelector: PRISM_POD_SELECTOR })
    .list(namespace)
    .filter((pod) => Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v));
}

/**
 * Admission rejects bad input; this is for objects stored before a stricter CRD was installed, so
 * they get a clear status instead of a crash loop: a Warning Event, and the message for status.
 */
export function reportInvalidSpec(manager: Manager, raw: KubeObject, errors: readonly ValidationIssue[]): string {
  const message = errors.map((e) => `${e.path}: ${e.message}`).join('; ');
  manager.events.event(raw, 'Warning', 'InvalidSpec', message);
  return message;
}
