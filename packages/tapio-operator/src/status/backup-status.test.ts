import type { V1Job } from '@kubernetes/client-node';
import { failedBackupSince, lastSuccessfulBackup } from './backup-status.ts';

const succeededJob = (name: string, completionTime: string): V1Job => ({
  metadata: { name },
  status: { conditions: [{ type: 'Complete', status: 'True' }], completionTime: completionTime as unknown as Date, startTime: completionTime as unknown as Date },
});
const failedJob = (name: string, startTime: string): V1Job => ({
  metadata: { name },
  status: { startTime: startTime as unknown as Date, conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }] },
});

describe('lastSuccessfulBackup', () => {
  it('is the newest succeeded Job, scheduled or on demand', () => {
    expect(lastSuccessfulBackup([succeededJob('t-backup-1', '2025-01-01T02:00:10Z'), succeededJob('t-backup-ab12cd34', '2025-01-01T09:00:00Z'), failedJob('t-backup-2', '2025-01-02T02:00:00Z')], undefined)).toEqual({
      name: 't-backup-ab12cd34',
      completionTime: '2025-01-01T09:00:00Z',
    });
  });

  it('keeps the record when its Job is gone or older ones remain', () => {
    const previous = { name: 't-backup-9', completionTime: '2025-02-01T02:00:00Z' };
    expect(lastSuccessfulBackup([], previous)).toBe(previous);
    expect(lastSuccessfulBackup([succeededJob('t-backup-1', '2025-01-01T02:00:00Z')], previous)).toBe(previous);
  });

  it('is undefined when nothing ever succeeded', () => {
    expect(lastSuccessfulBackup([failedJob('x', '2025-01-01T00:00:00Z')], undefined)).toBeUndefined();
  });
});

describe('failedBackupSince', () => {
  it('is the newest failure after the last success', () => {
    const last = { name: 'ok', completionTime: '2025-01-01T02:00:00Z' };
    expect(failedBackupSince([failedJob('old', '2024-12-31T02:00:00Z'), failedJob('new', '2025-01-02T02:00:00Z')], last)).toEqual({ name: 'new', message: 'BackoffLimitExceeded' });
    expect(failedBackupSince([failedJob('old', '2024-12-31T02:00:00Z')], last)).toBeUndefined();
  });
});
