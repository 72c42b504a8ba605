// Readiness of the custom resources a PrismStack owns, read from their own status.
import { findCondition, type Condition } from '@operators/k8s-common';
import { READY } from './conditions.ts';

export interface ChildVerdict {
  /** The child's status describes its current generation. */
  current: boolean;
  ready: boolean;
  /** The child reported phase Failed: its spec cannot be realised as it is. */
  failed: boolean;
  reason: string;
  message: string;
}

interface ChildResource {
  metadata?: { generation?: number };
  status?: { phase?: string; observedGeneration?: number; conditions?: readonly Condition[] };
}

/** The verdict on a child PrismPattern or PrismBackend; undefined (not created yet) is neither current nor ready. */
export function childVerdict(child: ChildResource | undefined): ChildVerdict {
  if (!child) return { current: false, ready: false, failed: false, reason: 'NotCreated', message: 'not created yet' };
  const ready = findCondition(child.status?.conditions, READY);
  const current = ready !== undefined && child.status?.observedGeneration === child.metadata?.generation;
  if (!current || !ready) return { current: false, ready: false, failed: false, reason: 'Reconciling', message: 'its status does not describe its current spec yet' };
  return { current, ready: ready.status === 'True', failed: child.status?.phase === 'Failed', reason: ready.reason, message: ready.message };
}
