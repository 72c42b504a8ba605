import {
  aPod,
  aTickStorm,
  oomKilledAt,
  withCurrentTermination,
  withEviction,
  withLastTermination,
  withLimits,
  withSpec,
} from '../../test/fixtures.ts';
import { evictedFor, resourcePressure, type ResourcePressureInput, type ResourceTermination } from './resource-pressure.ts';

const now = new Date('2026-03-01T12:00:00Z');
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString().replace('.000Z', 'Z');
const spec = aTickStorm().spec;
const judge = (input: Partial<ResourcePressureInput>) => resourcePressure({ pods: [], recorded: [], spec, now, ...input });
const oom = (pod: string, finishedAt: string): ResourceTermination => ({ pod, container: 'tick-storm', reason: 'OOMKilled', resource: 'memory', finishedAt });

describe('resourcePressure', () => {
  it('is False with nothing recorded and healthy pods', () => {
    const verdict = judge({ pods: [aPod('a'), aPod('b')] });
    expect(verdict.condition).toEqual({ status: 'False', reason: 'NoResourcePressure', message: 'no container ran out of memory, CPU time or storage in the last 10 min' });
    expect(verdict.terminations).toEqual([]);
    expect(verdict.event).toBeUndefined();
    expect(verdict.recheckAfterMs).toBeUndefined();
  });

  it("says what the issue's example says: 3 OOMKills in 10 min at limits.memory 2Gi", () => {
    const verdict = judge({
      pods: [aPod('a', withLastTermination(oomKilledAt(minutesAgo(1))))],
      recorded: [oom('a', minutesAgo(5)), oom('b', minutesAgo(8))],
    });
    expect(verdict.condition).toEqual({ status: 'True', reason: 'OOMKilled', message: '3 OOMKills in 10 min at limits.memory 2Gi: raise limits.memory; GOMEMLIMIT follows' });
  });

  it('records a new OOMKill, reports it as new and in an Event', () => {
    const verdict = judge({ pods: [aPod('a', withLastTermination(oomKilledAt(minutesAgo(2))))] });
    expect(verdict.terminations).toEqual([oom('a', minutesAgo(2))]);
    expect(verdict.newTerminations).toEqual([oom('a', minutesAgo(2))]);
    expect(verdict.condition.message).toBe('1 OOMKill in 10 min at limits.memory 2Gi: raise limits.memory; GOMEMLIMIT follows');
    expect(verdict.event).toEqual({ reason: 'OOMKilled', message: `a/tick-storm OOMKilled. ${verdict.condition.message}` });
  });

  it('does not count the same termination twice, on the next pass or as state and lastState', () => {
    const first = judge({ pods: [aPod('a', withCurrentTermination(oomKilledAt(minutesAgo(2))))] });
    const second = judge({ pods: [aPod('a', withLastTermination(oomKilledAt(minutesAgo(2))))], recorded: first.terminations });
    expect(second.terminations).toHaveLength(1);
    expect(second.newTerminations).toEqual([]);
    expect(second.event).toBeUndefined();
  });

  it('counts a termination the pod no longer shows, from the record (the pod was replaced)', () => {
    expect(judge({ pods: [aPod('new')], recorded: [oom('old', minutesAgo(3))] }).condition.status).toBe('True');
  });

  it('forgets terminations older than the window, and clears', () => {
    const verdict = judge({ recorded: [oom('a', minutesAgo(11))] });
    expect(verdict.terminations).toEqual([]);
    expect(verdict.condition.status).toBe('False');
  });

  it('ignores an old termination still shown by a pod', () => {
    const verdict = judge({ pods: [aPod('a', withLastTermination(oomKilledAt(minutesAgo(30))))] });
    expect(verdict.terminations).toEqual([]);
    expect(verdict.newTerminations).toEqual([]);
  });

  it('asks to be checked again when the oldest termination leaves the window', () => {
    expect(judge({ recorded: [oom('a', minutesAgo(4)), oom('b', minutesAgo(1))] }).recheckAfterMs).toBe(6 * 60_000 + 1000);
  });

  it('takes the window as a parameter', () => {
    expect(judge({ recorded: [oom('a', minutesAgo(4))], windowMinutes: 3 }).condition.status).toBe('False');
  });

  it('keeps the most recent 50, oldest first', () => {
    const recorded = Array.from({ length: 60 }, (_, i) => oom(`p${i}`, new Date(now.getTime() - (60 - i) * 1000).toISOString().replace('.000Z', 'Z')));
    const verdict = judge({ recorded });
    expect(verdict.terminations).toHaveLength(50);
    expect(verdict.terminations[0]?.pod).toBe('p10');
    expect(verdict.terminations.at(-1)?.pod).toBe('p59');
  });

  it('ignores terminations for other reasons: an error exit, a liveness kill (137 without OOMKilled), a completed run', () => {
    const pods = [
      aPod('a', withLastTermination({ reason: 'Error', exitCode: 1, finishedAt: minutesAgo(1) })),
      aPod('b', withLastTermination({ reason: 'Error', exitCode: 137, finishedAt: minutesAgo(1) })),
      aPod('c', withLastTermination({ reason: 'Completed', exitCode: 0, finishedAt: minutesAgo(1) })),
    ];
    expect(judge({ pods }).terminations).toEqual([]);
  });

  it('advises on runtime.gomemlimit when it is explicit', () => {
    const verdict = judge({
      spec: aTickStorm(withSpec({ runtime: { gomemlimit: '1800Mi' } })).spec,
      pods: [aPod('a', withLastTermination(oomKilledAt(minutesAgo(1))))],
    });
    expect(verdict.condition.message).toBe('1 OOMKill in 10 min at limits.memory 2Gi: raise limits.memory, or lower runtime.gomemlimit (1800Mi) so that the Go runtime collects garbage sooner');
  });

  it('names the limit the spec has now', () => {
    const verdict = judge({ spec: aTickStorm(withLimits({ memory: '3Gi' })).spec, recorded: [oom('a', minutesAgo(1))] });
    expect(verdict.condition.message).toContain('at limits.memory 3Gi');
  });

  it('recognises the CPU-time ulimit (exit 152, SIGXCPU)', () => {
    const verdict = judge({ pods: [aPod('a', withLastTermination({ reason: 'Error', exitCode: 152, finishedAt: minutesAgo(1) }))] });
    expect(verdict.terminations).toEqual([{ pod: 'a', container: 'tick-storm', reason: 'CPUTimeLimit', resource: 'cpu-time', finishedAt: minutesAgo(1) }]);
    expect(verdict.condition).toEqual({
      status: 'True',
      reason: 'CPUTimeLimitReached',
      message: '1 restart in 10 min at ulimits.maxCpuTime 7200s of CPU time: raise ulimits.maxCpuTime, or set it to 0 (unlimited)',
    });
  });

  it('recognises an eviction for ephemeral storage, and keeps the time it was first seen', () => {
    const pod = aPod('a', withEviction('Pod ephemeral local storage usage exceeds the total limit of containers 1Gi.'));
    const first = judge({ pods: [pod] });
    expect(first.terminations).toEqual([{ pod: 'a', container: '', reason: 'Evicted', resource: 'ephemeral-storage', finishedAt: '2026-03-01T12:00:00Z' }]);
    expect(first.condition.message).toBe('1 eviction in 10 min for ephemeral storage above limits.ephemeral-storage 1Gi: raise limits.ephemeral-storage');
    expect(first.event?.message).toMatch(/^a Evicted \(ephemeral-storage\)\. /);
    const later = resourcePressure({ pods: [pod], recorded: first.terminations, spec, now: new Date(now.getTime() + 5 * 60_000) });
    expect(later.terminations).toEqual(first.terminations);
    expect(later.newTerminations).toEqual([]);
  });

  it('recognises an eviction because the node ran low on memory', () => {
    const verdict = judge({ pods: [aPod('a', withEviction('The node was low on resource: memory. Threshold quantity: 100Mi, available: 50Mi.'))] });
    expect(verdict.condition.message).toBe(
      '1 eviction in 10 min because a node ran low on memory: raise requests.memory towards limits.memory, so that the kubelet evicts other pods first',
    );
  });

  it('puts every cause in one message, the first one giving the reason', () => {
    const verdict = judge({
      recorded: [oom('a', minutesAgo(1)), { pod: 'b', container: 'tick-storm', reason: 'CPUTimeLimit', resource: 'cpu-time', finishedAt: minutesAgo(2) }],
      pods: [aPod('c', withEviction('The node was low on resource: pid.'))],
    });
    expect(verdict.condition.reason).toBe('OOMKilled');
    expect(verdict.condition.message.split('. ')).toEqual([
      '1 OOMKill in 10 min at limits.memory 2Gi: raise limits.memory; GOMEMLIMIT follows',
      expect.stringContaining('1 restart in 10 min at ulimits.maxCpuTime'),
      "1 eviction in 10 min because a node ran low on pid: see the node's conditions",
    ]);
  });

  it('accepts finishedAt as a Date, as client-node deserialises it', () => {
    const pod = aPod('a', withLastTermination({ reason: 'OOMKilled', exitCode: 137, finishedAt: new Date(minutesAgo(1)) }));
    expect(judge({ pods: [pod] }).terminations).toEqual([oom('a', minutesAgo(1))]);
  });

  it('is deterministic: the same observation gives the same record, so an unchanged status is not written', () => {
    const input = { pods: [aPod('b', withLastTermination(oomKilledAt(minutesAgo(1)))), aPod('a', withLastTermination(oomKilledAt(minutesAgo(1))))] };
    const first = judge(input);
    expect(judge({ ...input, recorded: first.terminations }).terminations).toEqual(first.terminations);
    expect(first.terminations.map((t) => t.pod)).toEqual(['a', 'b']);
  });
});

describe('evictedFor', () => {
  it.each([
    ['Pod ephemeral local storage usage exceeds the total limit of containers 1Gi.', 'ephemeral-storage'],
    ['Container tick-storm exceeded its local ephemeral storage limit "1Gi". ', 'ephemeral-storage'],
    ['The node was low on resource: memory. Threshold quantity: 100Mi', 'node memory'],
    ['The node was low on resource: ephemeral-storage. Threshold quantity: 1Gi', 'node ephemeral-storage'],
    ['Preempted', 'unknown'],
  ])('%s → %s', (message, resource) => {
    expect(evictedFor(message)).toBe(resource);
  });
});
