// Who owns a workload's replica count. Without autoscaling the spec does; with it the autoscaler
// (the HPA, or the one KEDA manages) does, and the operator writes back whatever the live
// Deployment has, so it never undoes a scaling decision. Leaving the field out instead would be
// worse: server-side apply removes a field its only manager stops sending, and Deployments
// default a missing replicas to 1, which would drop the workload to one pod before the
// autoscaler takes it back up.

export interface ReplicaBounds {
  /** Whether an autoscaler owns the count. */
  autoscaled: boolean;
  /** The spec's count: the count itself, or only the initial one when autoscaled. */
  replicas: number;
  minReplicas: number;
  maxReplicas: number;
}

/**
 * The replicas to apply. `liveReplicas` is the live Deployment's spec.replicas, undefined when it
 * does not exist yet: then an autoscaled workload starts at the spec's count kept within bounds.
 */
export function desiredReplicas(bounds: ReplicaBounds, liveReplicas: number | undefined): number {
  if (!bounds.autoscaled) return bounds.replicas;
  if (liveReplicas !== undefined) return liveReplicas;
  return Math.min(Math.max(bounds.replicas, bounds.minReplicas), bounds.maxReplicas);
}
