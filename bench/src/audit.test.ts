import { countWrites } from './audit.ts';

const line = (username: string, verb: string, at: string, resource = 'configmaps', subresource?: string, stage = 'ResponseComplete') =>
  JSON.stringify({ kind: 'Event', stage, verb, user: { username }, objectRef: { resource, ...(subresource ? { subresource } : {}) }, requestReceivedTimestamp: at });

describe('countWrites', () => {
  const ours = 'system:serviceaccount:bench-system:ours';
  const log = [
    line(ours, 'patch', '2026-12-01T10:00:00.500000Z'),
    line(ours, 'patch', '2026-12-01T10:00:01.000000Z', 'benchapps', 'status'),
    line(ours, 'create', '2026-12-01T10:00:01.200000Z', 'deployments', undefined, 'ResponseStarted'),
    line('system:serviceaccount:bench-system:limit', 'patch', '2026-12-01T10:00:01.000000Z'),
    line(ours, 'update', '2026-12-01T10:00:05.000000Z'),
    '{"truncated',
  ].join('\n');

  it('counts one user\'s completed writes in the window, by verb and resource', () => {
    const from = Date.parse('2026-12-01T10:00:00Z');
    const to = Date.parse('2026-12-01T10:00:05Z');
    expect(countWrites(log, ours, from, to)).toEqual({ total: 2, byRequest: { 'patch configmaps': 1, 'patch benchapps/status': 1 } });
  });

  it('excludes the end of the window and finds nothing for another user', () => {
    const from = Date.parse('2026-12-01T10:00:01Z');
    expect(countWrites(log, ours, from, Date.parse('2026-12-01T10:00:05Z')).total).toBe(1);
    expect(countWrites(log, 'system:serviceaccount:bench-system:dot-i', 0, Date.now()).total).toBe(0);
  });
});
