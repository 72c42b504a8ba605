// The ServiceMonitor <stack>: prometheus-operator scrapes the proxy's and the admin plane's
// /metrics through their Services' "metrics" port. Only when asked for; whether the cluster serves
// the CRD is the reconciler's question (discovery).
import { mergeLabels, type ServiceMonitor } from '@operators/k8s-common';
import type { DefaultedPrismStack } from '../api/v1alpha1/defaults.ts';
import { ADMIN_COMPONENT, APP_NAME, childMetadata, MONITORING_COMPONENT, nameOf, PROXY_COMPONENT } from './metadata.ts';
import { METRICS_PORT_NAME } from './stack-deployments.ts';

export const METRICS_PATH = '/metrics';

export function desiredStackServiceMonitor(stack: DefaultedPrismStack): ServiceMonitor | undefined {
  const { serviceMonitor } = stack.spec.observability.metrics;
  if (!serviceMonitor.enabled) return undefined;
  const metadata = childMetadata(stack, nameOf(stack), MONITORING_COMPONENT);
  const components = stack.spec.admin.enabled ? [PROXY_COMPONENT, ADMIN_COMPONENT] : [PROXY_COMPONENT];
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    // The user's labels first: the standard labels, which the operator's selectors rely on, win.
    metadata: { ...metadata, labels: mergeLabels(serviceMonitor.labels, metadata.labels) },
    spec: {
      selector: {
        matchLabels: { 'app.kubernetes.io/name': APP_NAME, 'app.kubernetes.io/instance': nameOf(stack) },
        matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: components }],
      },
      endpoints: [{ port: METRICS_PORT_NAME, path: METRICS_PATH, interval: serviceMonitor.interval, scheme: 'http' }],
    },
  };
}
