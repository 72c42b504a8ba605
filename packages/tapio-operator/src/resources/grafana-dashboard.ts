// A Grafana dashboard of one Tapio platform (monitoring.grafana.enabled): a ConfigMap
// `<cluster>-grafana-dashboard` labelled grafana_dashboard="1", which Grafana's dashboard sidecar
// loads. Its panels read what exists in a cluster with kube-state-metrics and this operator scraped:
// the operator's tapio_operator_resource_condition for the platform's resources, kube-state-metrics'
// workload, pod, PVC and CronJob series for its components, and Prometheus' `up` for the component
// metrics endpoints the ServiceMonitors scrape (the tests check every name a query uses exists).
import type { V1ConfigMap } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import { enabledCollectorTypes } from '../api/v1alpha1/collectors.ts';
import { NODE_COLLECTOR_TYPES, type NodeCollectorType } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { childMetadata, resourceName, resourceNamespace } from './metadata.ts';

export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: '1' } as const;

export const grafanaDashboardName = (cluster: ProfiledTapioCluster): string => `${resourceName(cluster)}-grafana-dashboard`;

interface Panel {
  id: number;
  type: 'stat' | 'timeseries' | 'row';
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type: 'prometheus'; uid: '${datasource}' };
  targets?: { refId: string; expr: string; legendFormat?: string }[];
  fieldConfig?: unknown;
}

export function desiredGrafanaDashboardConfigMap(cluster: ProfiledTapioCluster): V1ConfigMap | undefined {
  if (!cluster.spec.monitoring.grafana.enabled) return undefined;
  const metadata = childMetadata(cluster, grafanaDashboardName(cluster), 'intelligence');
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { ...metadata, labels: { ...metadata.labels, ...GRAFANA_DASHBOARD_LABEL } },
    data: { [`tapio-${resourceName(cluster)}.json`]: `${JSON.stringify(grafanaDashboard(cluster), null, 2)}\n` },
  };
}

/** The dashboard JSON (Grafana schema 39): one row per layer, scoped to this platform's namespace and names. */
export function grafanaDashboard(cluster: ProfiledTapioCluster) {
  const name = resourceName(cluster);
  const ns = `namespace="${resourceNamespace(cluster)}"`;
  const own = `${ns}, name=~"${name}(-.*)?"`;
  const nodeCollectors = enabledCollectorTypes(cluster.spec.collectors).filter((type): type is NodeCollectorType => (NODE_COLLECTOR_TYPES as readonly string[]).includes(type));
  const panels: Panel[] = [];
  let y = 0;
  const row = (title: string) => {
    panels.push({ id: panels.length + 1, type: 'row', title, gridPos: { h: 1, w: 24, x: 0, y } });
    y += 1;
  };
  const add = (type: 'stat' | 'timeseries', title: string, width: number, targets: [string, string][]) => {
    const x = panels.filter((p) => p.gridPos.y === y).reduce((end, p) => Math.max(end, p.gridPos.x + p.gridPos.w), 0);
    const placeAt = x + width > 24 ? { x: 0, y: (y += 8) } : { x, y };
    panels.push({
      id: panels.length + 1,
      type,
      title,
      gridPos: { h: 8, w: width, ...placeAt },
      datasource: { type: 'prometheus', uid: '${datasource}' },
      targets: targets.map(([expr, legendFormat], i) => ({ refId: String.fromCharCode(65 + i), expr, legendFormat })),
    });
  };
  const nextRow = () => {
    if (panels.some((p) => p.gridPos.y === y && p.type !== 'row')) y += 8;
  };

  row('Platform');
  add('stat', 'Resources Ready', 8, [[`sum(tapio_operator_resource_condition{${own}, condition="Ready", status="True"})`, 'ready']]);
  add('stat', 'Resources not Ready', 8, [[`sum(tapio_operator_resource_condition{${own}, condition="Ready", status!="True"})`, 'not ready']]);
  add('timeseries', 'Degraded', 8, [[`max by (kind, name) (tapio_operator_resource_condition{${own}, condition="Degraded", status="True"})`, '{{kind}} {{name}}']]);
  nextRow();
  row('NATS and intelligence');
  const statefulSets = `statefulset=~"${name}-(nats|neo4j)"`;
  add('timeseries', 'StatefulSet servers ready / desired', 12, [
    [`max by (statefulset) (kube_statefulset_status_replicas_ready{${ns}, ${statefulSets}})`, '{{statefulset}} ready'],
    [`max by (statefulset) (kube_statefulset_replicas{${ns}, ${statefulSets}})`, '{{statefulset}} desired'],
  ]);
  const deployments = `deployment=~"${name}-(gateway|correlation)(-canary)?"`;
  add('timeseries', 'Gateway and correlation pods available / desired', 12, [
    [`max by (deployment) (kube_deployment_status_replicas_available{${ns}, ${deployments}})`, '{{deployment}} available'],
    [`max by (deployment) (kube_deployment_spec_replicas{${ns}, ${deployments}})`, '{{deployment}} desired'],
  ]);
  nextRow();
  add('timeseries', 'Data volumes (requested)', 12, [[`max by (persistentvolumeclaim) (kube_persistentvolumeclaim_resource_requests_storage_bytes{${ns}, persistentvolumeclaim=~"(data-${name}-(nats|neo4j)-[0-9]+|${name}-(backups|graph))"})`, '{{persistentvolumeclaim}}']]);
  add('stat', 'Time since the last successful backup', 12, [[`time() - max(kube_cronjob_status_last_successful_time{${ns}, cronjob="${name}-backup"})`, 'seconds']]);
  nextRow();
  row('Collectors');
  if (nodeCollectors.length > 0) {
    const daemonSets = `daemonset=~"${name}-(${nodeCollectors.join('|')})"`;
    add('timeseries', 'Node collectors ready / scheduled', 12, [
      [`max by (daemonset) (kube_daemonset_status_number_ready{${ns}, ${daemonSets}})`, '{{daemonset}} ready'],
      [`max by (daemonset) (kube_daemonset_status_desired_number_scheduled{${ns}, ${daemonSets}})`, '{{daemonset}} scheduled'],
    ]);
  }
  add('timeseries', 'Cluster collectors available / desired', 12, [
    [`max by (deployment) (kube_deployment_status_replicas_available{${ns}, deployment=~"${name}-(kubernetes|etcd)"})`, '{{deployment}} available'],
    [`max by (deployment) (kube_deployment_spec_replicas{${ns}, deployment=~"${name}-(kubernetes|etcd)"})`, '{{deployment}} desired'],
  ]);
  nextRow();
  row('Pods');
  add('timeseries', 'Container restarts (1h)', 12, [[`sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}, pod=~"${name}-.*"}[1h]))`, '{{pod}}']]);
  add('timeseries', 'Metrics endpoints up', 12, [[`sum by (service) (up{${ns}, service=~"${name}-.*"})`, '{{service}}']]);

  return {
    uid: `tapio-${stableHash(`${resourceNamespace(cluster)}/${name}`, 16)}`,
    title: `Tapio ${resourceNamespace(cluster)}/${name}`,
    tags: ['tapio'],
    schemaVersion: 39,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    templating: { list: [{ name: 'datasource', type: 'datasource', query: 'prometheus', label: 'Data source' }] },
    panels,
  };
}
