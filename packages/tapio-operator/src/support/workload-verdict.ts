// The shape of the kit's coming workload-readiness helper (kstatus' rules): the decisions here take a
// verdict per workload, so that wiring the helper in is one call per workload.

/** Whether one workload (Deployment, StatefulSet, DaemonSet, Job) is current and ready, and why not. */
export interface WorkloadVerdict {
  /** The controller has observed the latest spec and every replica runs it. */
  current: boolean;
  /** Every desired replica is ready (and available). */
  ready: boolean;
  /** CamelCase, e.g. `ReplicasNotReady`. */
  reason: string;
  message: string;
}

/** A workload the reconciler has not created yet or could not read. */
export const ABSENT_WORKLOAD: WorkloadVerdict = { current: false, ready: false, reason: 'NotCreated', message: 'not created yet' };
