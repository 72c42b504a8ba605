import { jobOutcome } from './job-state.ts';

describe('jobOutcome', () => {
  it('is failed with the message of its Failed condition', () => {
    expect(jobOutcome({ status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } })).toEqual({
      state: 'failed',
      message: 'Job has reached the specified backoff limit',
    });
  });

  it('is succeeded with its completion time', () => {
    expect(jobOutcome({ status: { conditions: [{ type: 'Complete', status: 'True' }], completionTime: new Date('2025-01-01T02:03:04.000Z') } })).toEqual({
      state: 'succeeded',
      message: 'the Job succeeded',
      completionTime: '2025-01-01T02:03:04Z',
    });
  });

  it('is running otherwise, with its pods', () => {
    expect(jobOutcome({ status: { active: 1, failed: 1, conditions: [{ type: 'Complete', status: 'False' }] } })).toEqual({ state: 'running', message: '1 pod(s) running, 1 failed so far' });
    expect(jobOutcome({})).toEqual({ state: 'running', message: '0 pod(s) running, 0 failed so far' });
  });
});
