// What the dashboard and alert tests need of PromQL: the metric names an expression selects, and
// the metric names that exist (the operator's registry, built as the manager builds it, and the
// kube-state-metrics series Tapio's dashboards read).
import { OperatorMetrics } from '@operators/k8s-common';

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan']);

/**
 * The metric names a PromQL expression selects. Not a parser: drops strings, label matchers, ranges
 * and label lists (by/on/...), then takes the identifiers that are not function calls or keywords.
 */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  return [...stripped.matchAll(/(?<![\w:.$])([A-Za-z_:][\w:]*)(?![\w:])(?!\s*\()/g)].map((m) => m[1]!).filter((name) => !KEYWORDS.has(name.toLowerCase()));
}

/** kube-state-metrics series (https://github.com/kubernetes/kube-state-metrics/tree/main/docs/metrics) the dashboards and alerts read. */
export const KUBE_STATE_METRICS = [
  'kube_statefulset_replicas',
  'kube_statefulset_status_replicas_ready',
  'kube_deployment_spec_replicas',
  'kube_deployment_status_replicas_available',
  'kube_daemonset_status_desired_number_scheduled',
  'kube_daemonset_status_number_ready',
  'kube_pod_container_status_restarts_total',
  'kube_persistentvolumeclaim_resource_requests_storage_bytes',
  'kube_cronjob_status_last_successful_time',
];

/** Every series the Tapio operator's /metrics exposes, and Prometheus' own `up`. */
export async function existingMetricNames(): Promise<Set<string>> {
  const names = new Set<string>(['up', ...KUBE_STATE_METRICS]);
  for (const metric of await new OperatorMetrics({ prefix: 'tapio_operator' }).registry.getMetricsAsJSON()) {
    const type = String(metric.type);
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(metric.name + suffix);
    else if (type === 'summary') for (const suffix of ['', '_sum', '_count']) names.add(metric.name + suffix);
    else names.add(metric.name);
  }
  return names;
}
