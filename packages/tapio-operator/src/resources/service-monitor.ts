// A prometheus-operator ServiceMonitor per Tapio resource, `<resource>-<component>`, when
// monitoring.prometheus.enabled: it scrapes the `metrics` port of that resource's own components'
// Services (selected by instance and component, since a TapioCluster and its TapioIntelligence share
// a name). Built whatever the
// cluster serves; the reconciler applies it only when the CRD is installed.
import type { DefaultedMonitoring } from '../api/v1alpha1/defaults.ts';
import { MANAGED_BY } from '../api/v1alpha1/group.ts';
import { childMetadata, resourceName, type Component, type TapioResource } from './metadata.ts';
import { METRICS_PORT_NAME } from './pods.ts';

/** monitoring.coreos.com/v1 ServiceMonitor, as far as the operator writes it (the CRD is not ours). */
export interface ServiceMonitor {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'ServiceMonitor';
  metadata: ReturnType<typeof childMetadata>;
  spec: {
    selector: { matchLabels: Record<string, string>; matchExpressions: { key: string; operator: 'In'; values: string[] }[] };
    endpoints: { port: string; path: string }[];
  };
}

export function desiredServiceMonitor(owner: TapioResource, monitoring: DefaultedMonitoring, components: readonly [Component, ...Component[]]): ServiceMonitor | undefined {
  if (!monitoring.prometheus.enabled) return undefined;
  const metadata = childMetadata(owner, `${resourceName(owner)}-${components[0]}`, components[0]);
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { ...metadata, labels: { ...monitoring.prometheus.serviceMonitorLabels, ...metadata.labels } },
    spec: {
      selector: {
        matchLabels: { 'app.kubernetes.io/instance': resourceName(owner), 'app.kubernetes.io/managed-by': MANAGED_BY },
        matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: [...components] }],
      },
      endpoints: [{ port: METRICS_PORT_NAME, path: '/metrics' }],
    },
  };
}
