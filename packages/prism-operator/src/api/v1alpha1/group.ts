// What every Prism kind shares: the API group, the category, and the labels and annotations the
// operator reads or writes.
import { operatorAnnotations } from '@operators/k8s-common';

export const GROUP = 'prism.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
/** `kubectl get prism` lists every Prism resource; never `all`. */
export const CATEGORIES = ['prism'];

const annotations = operatorAnnotations(GROUP);
/** `"true"` stops every change to the resource's children until the annotation is removed. */
export const PAUSE_RECONCILIATION_ANNOTATION = annotations.pause;
/** Any new value makes the operator reconcile the resource at once (the manager's forceReconcileAnnotation). */
export const FORCE_RECONCILE_ANNOTATION = annotations.forceReconcile;
/** On pod templates: the hash of the rendered pattern config, so a config change rolls the pods. */
export const CONFIG_HASH_ANNOTATION = `${GROUP}/config-hash`;
/** On pod templates: what the reconciler read of the backend's Secrets (their resourceVersions), so rotated credentials roll the pods. */
export const CREDENTIALS_VERSION_ANNOTATION = `${GROUP}/credentials-version`;

/** The pattern type of a runner pod; the seed's anti-affinity selects on it (`prism.io/pattern: consumer`). */
export const PATTERN_LABEL = `${GROUP}/pattern`;
/** The PrismPattern a pod belongs to; the seed's `kubectl get pods -l prism.io/pattern-instance=<name>` relies on it. */
export const PATTERN_INSTANCE_LABEL = `${GROUP}/pattern-instance`;
/** On the children of a PrismStack (its PrismPatterns, PrismBackends, workloads): the stack's name. */
export const STACK_LABEL = `${GROUP}/stack`;
/** On a Namespace provisioned by a PrismNamespace: that PrismNamespace's name (Namespaces carry no owner reference, see prismnamespace.ts). */
export const NAMESPACE_OWNER_LABEL = `${GROUP}/namespace`;
/** On the TriggerAuthentications the operator makes: the PrismBackend they were made from. */
export const BACKEND_LABEL = `${GROUP}/backend`;
/** Every Prism pod carries `app: prism`, so the seed's `kubectl get pods -l app=prism` lists them all. */
export const APP_LABEL = 'app';
export const APP_LABEL_VALUE = 'prism';

export const PART_OF = 'prism';
export const MANAGED_BY = 'prism-operator';

/** A DNS label (Service names, Namespace names, label values) is at most 63 characters. */
export const MAX_LABEL_LENGTH = 63;

export type Phase = 'Pending' | 'Progressing' | 'Running' | 'Degraded' | 'Failed';
/** Phases of the workload-running kinds (PrismPattern, PrismStack). */
export const WORKLOAD_PHASES = ['Pending', 'Progressing', 'Running', 'Degraded', 'Failed'] as const satisfies readonly Phase[];
export const WORKLOAD_PHASES_DESCRIPTION =
  'Pending: nothing created yet. Progressing: a rollout, or the first start, is under way. Running: every workload ready on the desired revision. Degraded: workloads became unready after running. Failed: the spec cannot be realised (the Ready condition says why).';
