import { aStack, exampleStack, withStackSpec } from '../../test/fixtures.ts';
import type { ChildVerdict } from './child-readiness.ts';
import type { WorkloadReadiness } from './readiness.ts';
import { computeStackStatus, type ObservedStackState } from './stack-status.ts';

const NOW = new Date('2026-05-01T10:00:00Z');
const available: WorkloadReadiness = { current: true, ready: true, reason: 'Available', message: 'Deployment is available' };
const workload = (readiness = available, ready = 3) => ({ counts: { replicas: 3, readyReplicas: ready, availableReplicas: ready }, readiness });
const readyChild: ChildVerdict = { current: true, ready: true, failed: false, reason: 'Available', message: 'ok' };
const stack = exampleStack();
const allReady = (patch: Partial<ObservedStackState> = {}): ObservedStackState => ({
  proxy: workload(),
  admin: workload(available, 1),
  patterns: new Map(['orders-consumer', 'events-producer', 'sessions'].map((name) => [name, readyChild])),
  backends: new Map(['kafka', 'cache'].map((name) => [name, readyChild])),
  paused: false,
  ...patch,
});
const conditionOf = (status: ReturnType<typeof computeStackStatus>, type: string) => status.conditions.find((c) => c.type === type);

describe('computeStackStatus', () => {
  it('Running when the proxy, the admin plane and every child are ready', () => {
    const status = computeStackStatus(stack, allReady(), NOW);
    expect(status.phase).toBe('Running');
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'True', reason: 'AllComponentsReady', message: '7 components ready' });
    expect(status.proxy).toEqual({ replicas: 3, readyReplicas: 3 });
    expect(status.admin).toEqual({ replicas: 3, readyReplicas: 1 });
    expect(status.patterns).toEqual([
      { name: 'orders-consumer', ready: true, reason: 'Available' },
      { name: 'events-producer', ready: true, reason: 'Available' },
      { name: 'sessions', ready: true, reason: 'Available' },
    ]);
    expect(status.backends.map((b) => b.name)).toEqual(['kafka', 'cache']);
  });

  it('Pending before the proxy exists', () => {
    const status = computeStackStatus(stack, allReady({ proxy: undefined }), NOW);
    expect(status.phase).toBe('Pending');
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'Pending' });
  });

  it('Progressing while a child is not created yet, naming it', () => {
    const status = computeStackStatus(stack, allReady({ patterns: new Map([['orders-consumer', readyChild]]) }), NOW);
    expect(status.phase).toBe('Progressing');
    expect(conditionOf(status, 'Ready')?.message).toBe(
      '5/7 components ready; PrismPattern prism-events-producer: NotCreated: not created yet; PrismPattern prism-sessions: NotCreated: not created yet',
    );
    expect(status.patterns).toContainEqual({ name: 'sessions', ready: false, reason: 'NotCreated' });
  });

  it('Degraded when a component becomes unready after running', () => {
    const running = { ...stack, status: { phase: 'Running' as const } };
    const status = computeStackStatus(running, allReady({ proxy: workload({ current: true, ready: false, reason: 'PodsNotReady', message: '2/3 pods ready' }, 2) }), NOW);
    expect(status.phase).toBe('Degraded');
    expect(conditionOf(status, 'Degraded')).toMatchObject({ status: 'True', message: 'Deployment prism-proxy: PodsNotReady: 2/3 pods ready' });
  });

  it('Failed when a child cannot be realised, with its reason', () => {
    const failed: ChildVerdict = { current: true, ready: false, failed: true, reason: 'KEDANotInstalled', message: 'install KEDA' };
    const status = computeStackStatus(stack, allReady({ patterns: new Map([['orders-consumer', failed]]) }), NOW);
    expect(status.phase).toBe('Failed');
    expect(conditionOf(status, 'Ready')).toMatchObject({ reason: 'ComponentFailed', message: 'PrismPattern prism-orders-consumer: KEDANotInstalled: install KEDA' });
  });

  it('counts no admin plane when it is disabled', () => {
    const noAdmin = aStack(withStackSpec({ admin: { enabled: false } }));
    const status = computeStackStatus(noAdmin, { proxy: workload(), patterns: new Map(), backends: new Map(), paused: false }, NOW);
    expect(status.phase).toBe('Running');
    expect(status.admin).toBeUndefined();
    expect(conditionOf(status, 'Ready')?.message).toBe('1 components ready');
  });

  it('Failed with InvalidSpec; Paused while paused', () => {
    expect(conditionOf(computeStackStatus(stack, allReady({ specError: 'bad' }), NOW), 'Ready')?.reason).toBe('InvalidSpec');
    const paused = computeStackStatus(stack, allReady({ paused: true }), NOW);
    expect(conditionOf(paused, 'Paused')?.status).toBe('True');
    expect(conditionOf(paused, 'Progressing')?.reason).toBe('ReconciliationPaused');
  });

  it('reports the ServiceMonitor outcome as its own condition, outside Ready, and drops it when none is asked for', () => {
    const skipped = { status: 'False' as const, reason: 'CRDNotInstalled', message: 'the CRD is not served' };
    const status = computeStackStatus(stack, allReady({ serviceMonitor: skipped }), NOW);
    expect(conditionOf(status, 'ServiceMonitor')).toMatchObject(skipped);
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'True' });
    const later = computeStackStatus({ ...stack, status }, allReady(), NOW);
    expect(conditionOf(later, 'ServiceMonitor')).toBeUndefined();
    const paused = computeStackStatus({ ...stack, status }, allReady({ paused: true }), NOW);
    expect(conditionOf(paused, 'ServiceMonitor')).toMatchObject(skipped);
  });
});
