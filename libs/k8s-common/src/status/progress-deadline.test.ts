import { checkProgress } from './progress-deadline.ts';

const t0 = new Date('2026-03-01T10:00:00Z');
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

describe('checkProgress', () => {
  it('marks nothing when nothing is in progress', () => {
    expect(checkProgress({ step: 'old', since: '2026-03-01T09:00:00Z' }, undefined, t0, 600)).toEqual({ exceeded: false });
  });

  it('starts a new step now, and asks to look again when its deadline is due', () => {
    expect(checkProgress(undefined, 'waiting for b-2', t0, 600)).toEqual({ mark: { step: 'waiting for b-2', since: '2026-03-01T10:00:00Z' }, exceeded: false, recheckAfterMs: 600_000 });
    expect(checkProgress({ step: 'waiting for b-1', since: '2026-03-01T09:00:00Z' }, 'waiting for b-2', t0, 600).mark?.since).toBe('2026-03-01T10:00:00Z');
  });

  it('keeps the start of an unchanged step, and counts down from it', () => {
    const mark = { step: 'waiting for b-2', since: '2026-03-01T10:00:00Z' };
    expect(checkProgress(mark, mark.step, at(599), 600)).toEqual({ mark, exceeded: false, recheckAfterMs: 1000 });
  });

  it('is exceeded at the deadline exactly, with a Degraded condition naming the step', () => {
    const mark = { step: 'waiting for b-2 to become ready before rolling b-1', since: '2026-03-01T10:00:00Z' };
    expect(checkProgress(mark, mark.step, at(600), 600)).toEqual({
      mark,
      exceeded: true,
      degraded: { status: 'True', reason: 'ProgressDeadlineExceeded', message: 'no progress for more than 10m (since 2026-03-01T10:00:00Z): waiting for b-2 to become ready before rolling b-1' },
    });
    expect(checkProgress(mark, mark.step, at(45), 45).degraded?.message).toMatch(/^no progress for more than 45s/);
  });
});
