// The shape of the kit's coming kstatus-style readiness verdict for one workload, so the decisions
// here take it as input and wiring the helper later is one line. Generic (a placeholder for
// libs/k8s-common).

export interface WorkloadReadiness {
  /** The workload's controller has seen its latest spec and every replica runs the latest template. */
  current: boolean;
  /** Every desired replica is ready (and available). */
  ready: boolean;
  /** CamelCase, e.g. ProgressDeadlineExceeded, Unschedulable, Available. */
  reason: string;
  /** Human-readable, from the workload's own conditions or its pods' (e.g. the scheduler's message). */
  message: string;
}
