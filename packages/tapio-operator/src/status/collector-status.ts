import { type Condition } from '@operators/k8s-common';
import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import type { TapioCollectorStatus } from '../api/v1alpha1/tapiocollector.ts';
import type { WorkloadVerdict } from '../support/workload-verdict.ts';
import { integrationCondition, standardConditions } from './conditions.ts';
import { SERVICE_MONITOR } from './intelligence-status.ts';

export const VERTICAL_POD_AUTOSCALER = 'VerticalPodAutoscaler';
/** The Kubernetes API collector's read-only ClusterRole and binding. */
export const CLUSTER_ROLE_BOUND = 'ClusterRoleBound';

export interface ObservedCollector {
  workload: { kind: 'DaemonSet' | 'Deployment'; name: string; verdict: WorkloadVerdict; desiredPods: number; readyPods: number };
  verticalAutoscaler: 'applied' | 'skipped-no-crd' | 'not-requested';
  serviceMonitor: 'applied' | 'skipped-no-crd' | 'not-requested';
  paused: boolean;
  specError?: string;
  /** The Kubernetes API collector's ClusterRole: applied, or forbidden (the operator has namespace-scoped RBAC); undefined for other collectors. */
  clusterRbac?: 'applied' | 'forbidden';
  /** Secrets the spec names that do not exist (the etcd certificates, the NATS credentials). */
  missingSecrets?: readonly string[];
}

export function computeCollectorStatus(collector: DefaultedTapioCollector, observed: ObservedCollector, now: Date): TapioCollectorStatus & { conditions: Condition[] } {
  const { workload } = observed;
  const missing = observed.missingSecrets ?? [];
  const generation = collector.metadata.generation;
  const conditions = standardConditions(
    {
      generation,
      previous: collector.status?.conditions,
      ...(observed.specError !== undefined ? { specError: observed.specError } : {}),
      ...(missing.length > 0 ? { blocked: { reason: 'SecretNotFound', message: `Secret(s) ${missing.join(', ')} not found`, degraded: false } } : {}),
      components: [{ name: `${workload.kind} ${workload.name}`, verdict: workload.verdict }],
      paused: observed.paused,
      extra: {
        [VERTICAL_POD_AUTOSCALER]: integrationCondition(observed.verticalAutoscaler, 'VerticalPodAutoscaler', 'verticalpodautoscalers.autoscaling.k8s.io'),
        [CLUSTER_ROLE_BOUND]: clusterRoleCondition(observed.clusterRbac),
        [SERVICE_MONITOR]: integrationCondition(observed.serviceMonitor, 'ServiceMonitor', 'servicemonitors.monitoring.coreos.com'),
      },
    },
    now,
  );
  return {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    conditions,
    workload: { kind: workload.kind, name: workload.name },
    desiredPods: workload.desiredPods,
    readyPods: workload.readyPods,
  };
}

function clusterRoleCondition(outcome: ObservedCollector['clusterRbac']) {
  if (outcome === undefined) return undefined;
  return outcome === 'applied'
    ? { status: 'True' as const, reason: 'Applied', message: 'the read-only ClusterRole and its binding are applied' }
    : {
        status: 'False' as const,
        reason: 'Forbidden',
        message: 'the operator may not manage ClusterRoles (namespace-scoped RBAC): the collector cannot read the API until its ClusterRole is bound (docs/tapio.md)',
      };
}
