/**
 * What the client needs to address a kind over REST. Declared, not discovered, for the kinds an
 * operator works with: a typo is then a compile-time constant rather than a discovery round trip.
 */
export interface ResourceType {
  apiVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

export function resourceType(apiVersion: string, kind: string, plural: string, namespaced = true): ResourceType {
  return { apiVersion, kind, plural, namespaced };
}

export const ResourceTypes = {
  Namespace: resourceType('v1', 'Namespace', 'namespaces', false),
  ConfigMap: resourceType('v1', 'ConfigMap', 'configmaps'),
  Secret: resourceType('v1', 'Secret', 'secrets'),
  Service: resourceType('v1', 'Service', 'services'),
  ServiceAccount: resourceType('v1', 'ServiceAccount', 'serviceaccounts'),
  Pod: resourceType('v1', 'Pod', 'pods'),
  PersistentVolumeClaim: resourceType('v1', 'PersistentVolumeClaim', 'persistentvolumeclaims'),
  Event: resourceType('events.k8s.io/v1', 'Event', 'events'),
  StatefulSet: resourceType('apps/v1', 'StatefulSet', 'statefulsets'),
  Deployment: resourceType('apps/v1', 'Deployment', 'deployments'),
  DaemonSet: resourceType('apps/v1', 'DaemonSet', 'daemonsets'),
  ReplicaSet: resourceType('apps/v1', 'ReplicaSet', 'replicasets'),
  Job: resourceType('batch/v1', 'Job', 'jobs'),
  CronJob: resourceType('batch/v1', 'CronJob', 'cronjobs'),
  PodDisruptionBudget: resourceType('policy/v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  NetworkPolicy: resourceType('networking.k8s.io/v1', 'NetworkPolicy', 'networkpolicies'),
  Ingress: resourceType('networking.k8s.io/v1', 'Ingress', 'ingresses'),
  HorizontalPodAutoscaler: resourceType('autoscaling/v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
  Lease: resourceType('coordination.k8s.io/v1', 'Lease', 'leases'),
  Role: resourceType('rbac.authorization.k8s.io/v1', 'Role', 'roles'),
  RoleBinding: resourceType('rbac.authorization.k8s.io/v1', 'RoleBinding', 'rolebindings'),
  ClusterRole: resourceType('rbac.authorization.k8s.io/v1', 'ClusterRole', 'clusterroles', false),
  ClusterRoleBinding: resourceType('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  CustomResourceDefinition: resourceType('apiextensions.k8s.io/v1', 'CustomResourceDefinition', 'customresourcedefinitions', false),
  ValidatingWebhookConfiguration: resourceType('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false),
  MutatingWebhookConfiguration: resourceType('admissionregistration.k8s.io/v1', 'MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false),
  ServiceMonitor: resourceType('monitoring.coreos.com/v1', 'ServiceMonitor', 'servicemonitors'),
  PrometheusRule: resourceType('monitoring.coreos.com/v1', 'PrometheusRule', 'prometheusrules'),
} as const;

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function apiPrefix(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** The REST path of a collection (no name) or of one object. */
export function resourcePath(type: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  let path = apiPrefix(type.apiVersion);
  if (type.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${type.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

/** `kind.group` (`StatefulSet.apps`), how logs and metrics name a kind. */
export function groupKind(type: Pick<ResourceType, 'apiVersion' | 'kind'>): string {
  const slash = type.apiVersion.indexOf('/');
  return slash < 0 ? type.kind : `${type.kind}.${type.apiVersion.slice(0, slash)}`;
}
