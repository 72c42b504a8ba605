import { leaseSpecFor, recordFingerprint, recordFromLease, type LeaderElectionRecord } from './lease-record.ts';

const record: LeaderElectionRecord = {
  holderIdentity: 'pod-a_1',
  leaseDurationSeconds: 15,
  acquireTime: '2025-01-01T00:00:00.000000Z',
  renewTime: '2025-01-01T00:00:10.000000Z',
  leaseTransitions: 2,
};

describe('recordFromLease', () => {
  it('reads the spec', () => {
    expect(recordFromLease({ spec: leaseSpecFor(record) })).toEqual(record);
  });

  it('reads a Lease without spec as free, with no transitions', () => {
    expect(recordFromLease({})).toEqual({ holderIdentity: '', leaseDurationSeconds: 0, acquireTime: undefined, renewTime: undefined, leaseTransitions: 0 });
  });
});

describe('leaseSpecFor', () => {
  it('keeps fields the elector does not manage', () => {
    const spec = leaseSpecFor(record, { holderIdentity: 'old', preferredHolder: 'pod-b_2', strategy: 'OldestEmulationVersion' });
    expect(spec).toMatchObject({ holderIdentity: 'pod-a_1', preferredHolder: 'pod-b_2', strategy: 'OldestEmulationVersion', leaseTransitions: 2 });
  });

  it('writes an empty holder for a release', () => {
    expect(leaseSpecFor({ ...record, holderIdentity: '', leaseDurationSeconds: 1 }).holderIdentity).toBe('');
  });
});

describe('recordFingerprint', () => {
  it('changes with every renewal and holder change, and only then', () => {
    expect(recordFingerprint({ ...record })).toBe(recordFingerprint(record));
    expect(recordFingerprint({ ...record, renewTime: '2025-01-01T00:00:12.000000Z' })).not.toBe(recordFingerprint(record));
    expect(recordFingerprint({ ...record, holderIdentity: 'pod-b_2' })).not.toBe(recordFingerprint(record));
    expect(recordFingerprint({ ...record, leaseTransitions: 3 })).not.toBe(recordFingerprint(record));
  });
});
