import { type Condition } from '@operators/k8s-common';
import type { DefaultedTapioCollector } from '../api/v1alpha1/defaults.ts';
import type { TapioCollectorStatus } from '../api/v1alpha1/tapiocollector.ts';
import type { WorkloadVerdict } from '../support/workload-verdict.ts';
import { integrationCondition, standardConditions } from './conditions.ts';

export const VERTICAL_POD_AUTOSCALER = 'VerticalPodAutoscaler';

export interface ObservedCollector {
  workload: { kind: 'DaemonSet' | 'Deployment'; name: string; verdict: WorkloadVerdict; desiredPods: number; readyPods: number };
  verticalAutoscaler: 'applied' | 'skipped-no-crd' | 'not-requested';
  paused: boolean;
  specError?: string;
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
      extra: { [VERTICAL_POD_AUTOSCALER]: integrationCondition(observed.verticalAutoscaler, 'VerticalPodAutoscaler', 'verticalpodautoscalers.autoscaling.k8s.io') },
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
