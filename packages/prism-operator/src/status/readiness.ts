// The verdict on one workload that the status decisions take as input. The kit's kstatus-style
// readiness helper computes it from the live object (observedGeneration caught up, replicas
// updated, ready and available); the decisions here only read it.
export interface WorkloadReadiness {
  /** The workload's controller has seen the latest spec and every replica runs it. */
  current: boolean;
  /** Every desired replica is ready (and available). */
  ready: boolean;
  /** CamelCase, e.g. Available, RollingOut, PodsNotReady, ProgressDeadlineExceeded. */
  reason: string;
  /** Why, in the workload's or its pods' own words (e.g. "0/3 pods ready: ImagePullBackOff"). */
  message: string;
}

/** Replica counts of a Deployment's status, for the resources' status. */
export interface ReplicaCounts {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
}
