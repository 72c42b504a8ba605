// The seed's "resource breach" made visible: OOMKills, and a stop by the CPU-time ulimit, written into
// pod status as a kubelet writes them, raise ResourcePressure with a recommendation and an Event; once
// they leave the window (set to 30 s for this file) the condition clears.
import type { V1Pod } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, tickStorm, TickStorms, waitForReady, type TickStormObject , giveNodesEphemeralStorage } from './support.ts';

const NAME = 'ts-pressure';
process.env['TICKSTORM_PRESSURE_WINDOW_MINUTES'] = '0.5';

describe('Tick-Storm resource pressure', () => {
  const env = useOperator('tickstorm-operator', 'tickstorm-pressure');
  beforeAll(() => giveNodesEphemeralStorage(env.client));
  afterAll(() => {
    delete process.env['TICKSTORM_PRESSURE_WINDOW_MINUTES'];
  });
  const get = () => env.client.get<TickStormObject>(TickStorms, NAME, env.namespace);

  it('raises ResourcePressure for OOMKills with a recommendation and an Event, and clears it when they stop', async () => {
    await env.client.create(TickStorms, { ...tickStorm(NAME, { replicas: 1 }), metadata: { name: NAME, namespace: env.namespace } });
    await waitForReady(env.client, env.namespace, NAME);
    expect(condition(await get(), 'ResourcePressure')?.status).toBe('False');
    const pods = await env.client.list<V1Pod>(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: `app.kubernetes.io/instance=${NAME}` });
    const pod = pods.items[0]!;
    const container = pod.status!.containerStatuses![0]!;
    const now = new Date();
    for (const [i, restartCount] of [1, 2, 3].entries()) {
      const finishedAt = new Date(now.getTime() - (3 - i) * 2_000).toISOString().replace(/\.\d+Z$/, 'Z');
      await env.client.patch(ResourceTypes.Pod, pod.metadata!.name!, env.namespace, {
        status: {
          containerStatuses: [{
            ...container,
            restartCount,
            lastState: { terminated: { reason: 'OOMKilled', exitCode: 137, startedAt: container.state?.running?.startedAt ?? finishedAt, finishedAt } },
          }],
        },
      }, 'strategic', 'status');
      await waitFor(async () => ((await get()).status?.resourceTerminations?.length ?? 0) >= i + 1, { description: `OOMKill ${i + 1} to be recorded` });
    }
    const pressured = condition(await get(), 'ResourcePressure');
    expect(pressured).toMatchObject({ status: 'True', reason: 'OOMKilled' });
    expect(pressured?.message).toContain('3 OOMKills in 0.5 min at limits.memory 2Gi: raise limits.memory; GOMEMLIMIT follows');
    const events = await env.client.list<{ metadata?: { name?: string }; reason?: string; regarding?: { name?: string } }>(ResourceTypes.Event, { namespace: env.namespace });
    expect(events.items.some((e) => e.reason === 'OOMKilled' && e.regarding?.name === NAME)).toBe(true);
    await waitFor(async () => condition(await get(), 'ResourcePressure')?.status === 'False', { timeoutMs: 60_000, description: 'ResourcePressure to clear' });
  });

  it('raises ResourcePressure for a container stopped by the CPU-time ulimit (exit 152, SIGXCPU), and clears it', async () => {
    const pods = await env.client.list<V1Pod>(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: `app.kubernetes.io/instance=${NAME}` });
    const pod = pods.items[0]!;
    const container = pod.status!.containerStatuses![0]!;
    const finishedAt = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    await env.client.patch(ResourceTypes.Pod, pod.metadata!.name!, env.namespace, {
      status: { containerStatuses: [{ ...container, restartCount: (container.restartCount ?? 0) + 1, lastState: { terminated: { reason: 'Error', exitCode: 152, startedAt: finishedAt, finishedAt } } }] },
    }, 'strategic', 'status');
    const pressured = await waitFor(async () => {
      const current = condition(await get(), 'ResourcePressure');
      return current?.reason === 'CPUTimeLimitReached' && current;
    }, { description: 'ResourcePressure=True CPUTimeLimitReached' });
    expect(pressured).toMatchObject({ status: 'True' });
    expect(pressured.message).toContain('1 restart in 0.5 min at ulimits.maxCpuTime 7200s of CPU time: raise ulimits.maxCpuTime, or set it to 0 (unlimited)');
    const events = await env.client.list<{ metadata?: { name?: string }; reason?: string; regarding?: { name?: string } }>(ResourceTypes.Event, { namespace: env.namespace });
    expect(events.items.some((e) => e.reason === 'CPUTimeLimitReached' && e.regarding?.name === NAME)).toBe(true);
    await waitFor(async () => condition(await get(), 'ResourcePressure')?.status === 'False', { timeoutMs: 60_000, description: 'ResourcePressure to clear' });
  });
});
