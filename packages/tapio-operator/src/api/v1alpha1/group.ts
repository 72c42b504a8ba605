// Names every Tapio kind shares: the API group, annotations and labels the operator reads or writes.

export const GROUP = 'tapio.io';
export const VERSION = 'v1alpha1';
export const API_VERSION = `${GROUP}/${VERSION}`;
/** `kubectl get tapio` lists every Tapio resource; never `all`, which would mix them into everyone's `kubectl get all`. */
export const CATEGORIES = ['tapio'];

/** `"true"` stops every change to the resource's children until the annotation is removed. */
export const PAUSE_RECONCILIATION_ANNOTATION = `${GROUP}/pause-reconciliation`;
/** Any new value triggers a reconcile, as the README's debug command uses it (`tapio.io/force-reconcile="$(date +%s)"`). */
export const FORCE_RECONCILE_ANNOTATION = `${GROUP}/force-reconcile`;
/**
 * On a TapioIntelligence (or its TapioCluster, which passes it on): each new value starts one
 * on-demand Neo4j backup Job, e.g. `kubectl annotate tapiointelligence x tapio.io/backup-now="$(date +%s)" --overwrite`.
 */
export const BACKUP_NOW_ANNOTATION = `${GROUP}/backup-now`;
/** On pod templates: the hash of the configuration the pods read at start, so a change rolls them. */
export const CONFIG_HASH_ANNOTATION = `${GROUP}/config-hash`;
/** On pod templates: the hash of the template itself; the canary compares the stable and desired revisions by it. */
export const REVISION_ANNOTATION = `${GROUP}/revision`;

/** The TapioCluster a child belongs to; NetworkPolicies select the platform's pods by it. */
export const CLUSTER_LABEL = `${GROUP}/cluster`;
/** `stable` or `canary`: keeps the selectors of a component's two Deployments apart while its Service selects both. */
export const TRACK_LABEL = `${GROUP}/track`;
/** Pods, or namespaces, labelled with this and "true" may scrape metrics when NetworkPolicies are on. */
export const METRICS_ACCESS_LABEL = `${GROUP}/metrics-access`;

export const PART_OF = 'tapio';
export const MANAGED_BY = 'tapio-operator';

/** The collectors the README lists: node collectors run on every node, cluster collectors once. */
export const NODE_COLLECTOR_TYPES = ['ebpf', 'systemd', 'cni'] as const;
export const CLUSTER_COLLECTOR_TYPES = ['kubernetes', 'etcd'] as const;
export const COLLECTOR_TYPES = [...CLUSTER_COLLECTOR_TYPES, ...NODE_COLLECTOR_TYPES] as const;
export type CollectorType = (typeof COLLECTOR_TYPES)[number];
export type NodeCollectorType = (typeof NODE_COLLECTOR_TYPES)[number];

export const PROFILES = ['development', 'production', 'edge'] as const;
export type Profile = (typeof PROFILES)[number];
