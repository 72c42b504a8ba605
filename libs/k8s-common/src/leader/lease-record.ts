import type { V1ObjectMeta } from '@kubernetes/client-node';

/** A coordination.k8s.io/v1 Lease as it travels as JSON (times are MicroTime strings). */
export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: V1ObjectMeta;
  spec?: LeaseSpec;
}

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
  preferredHolder?: string;
  strategy?: string;
}

/** What the election reads from and writes to the Lease (client-go's LeaderElectionRecord). */
export interface LeaderElectionRecord {
  /** Empty when nobody holds the lease (after a release). */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime: string | undefined;
  renewTime: string | undefined;
  leaseTransitions: number;
}

export function recordFromLease(lease: Pick<Lease, 'spec'>): LeaderElectionRecord {
  const spec = lease.spec ?? {};
  return {
    holderIdentity: spec.holderIdentity ?? '',
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    acquireTime: spec.acquireTime,
    renewTime: spec.renewTime,
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
}

/**
 * The spec to write for `record`, keeping what this elector does not manage (a preferred holder
 * or strategy set by coordinated leader election) as it was.
 */
export function leaseSpecFor(record: LeaderElectionRecord, previous: LeaseSpec = {}): LeaseSpec {
  return {
    ...previous,
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    ...(record.acquireTime ? { acquireTime: record.acquireTime } : {}),
    ...(record.renewTime ? { renewTime: record.renewTime } : {}),
    leaseTransitions: record.leaseTransitions,
  };
}

/** A stable rendering of a record, to tell whether the Lease changed since it was last seen. */
export function recordFingerprint(record: LeaderElectionRecord): string {
  return JSON.stringify([record.holderIdentity, record.leaseDurationSeconds, record.acquireTime ?? '', record.renewTime ?? '', record.leaseTransitions]);
}
