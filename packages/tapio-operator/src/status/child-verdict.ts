// A Tapio child custom resource (TapioCollector, TapioIntelligence) judged the way kstatus judges any
// resource with conditions: current once its controller observed its generation, ready when its
// Ready condition is True. The TapioCluster's status takes one per child.
import type { Condition } from '@operators/k8s-common';
import { ABSENT_WORKLOAD, type WorkloadVerdict } from '../support/workload-verdict.ts';

interface ChildResource {
  metadata?: { generation?: number };
  status?: { observedGeneration?: number; conditions?: Condition[] };
}

export function childVerdict(child: ChildResource | undefined): WorkloadVerdict {
  if (!child) return ABSENT_WORKLOAD;
  const generation = child.metadata?.generation ?? 0;
  const observed = child.status?.observedGeneration ?? 0;
  if (observed < generation) return { current: false, ready: false, reason: 'NotObserved', message: `its controller has not observed generation ${generation} yet` };
  const ready = child.status?.conditions?.find((condition) => condition.type === 'Ready');
  if (!ready) return { current: true, ready: false, reason: 'NoReadyCondition', message: 'no Ready condition yet' };
  return { current: true, ready: ready.status === 'True', reason: ready.reason, message: ready.message };
}
