export { LeaderElector } from './leader-elector.ts';
export type { LeaderElectorOptions, LeadershipEnd } from './leader-elector.ts';
export { leaseSpecFor, recordFromLease } from './lease-record.ts';
export type { LeaderElectionRecord, Lease, LeaseSpec } from './lease-record.ts';
export { JITTER_FACTOR, decideAcquire, isLeaseExpired, leaseDurationSeconds, validateTimings } from './timing.ts';
export type { AcquireDecision, ElectionTimings } from './timing.ts';
