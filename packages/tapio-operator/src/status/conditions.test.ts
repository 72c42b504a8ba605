import { findCondition } from '@operators/k8s-common';
import { integrationCondition, standardConditions, type ConditionInputs } from './conditions.ts';

const T0 = new Date('2025-01-01T00:00:00Z');
const T1 = new Date('2025-01-01T00:05:00Z');
const ready = { current: true, ready: true, reason: 'Ready', message: '2/2 ready' };
const rolling = { current: false, ready: false, reason: 'RolloutInProgress', message: '1/2 updated' };
const unready = { current: true, ready: false, reason: 'ReplicasNotReady', message: '1/2 ready: CrashLoopBackOff' };

const inputs = (patch: Partial<ConditionInputs> = {}): ConditionInputs => ({
  generation: 4,
  previous: undefined,
  components: [
    { name: 'StatefulSet a', verdict: ready },
    { name: 'Deployment b', verdict: ready },
  ],
  paused: false,
  ...patch,
});
const summary = (patch: Partial<ConditionInputs> = {}) =>
  Object.fromEntries(standardConditions(inputs(patch), T0).map((c) => [c.type, `${c.status} ${c.reason}: ${c.message}`]));

describe('standardConditions', () => {
  it('is Ready when every component is current and ready', () => {
    expect(summary()).toEqual({
      Ready: 'True AllComponentsReady: 2 component(s) current and ready',
      Progressing: 'False Complete: every component runs the desired spec',
      Degraded: 'False AsExpected: nothing is degraded',
    });
  });

  it('is Progressing, not Ready, while a component rolls out, naming it', () => {
    expect(summary({ components: [{ name: 'StatefulSet a', verdict: rolling }, { name: 'Deployment b', verdict: rolling }] })).toMatchObject({
      Ready: 'False RolloutInProgress: StatefulSet a: 1/2 updated (and 1 more)',
      Progressing: 'True RolloutInProgress: StatefulSet a: 1/2 updated (and 1 more)',
      Degraded: 'False AsExpected: nothing is degraded',
    });
  });

  it('is Degraded when a rolled-out component is not ready, with the pods\' reason', () => {
    expect(summary({ components: [{ name: 'Deployment b', verdict: unready }] })).toEqual({
      Ready: 'False ReplicasNotReady: Deployment b: 1/2 ready: CrashLoopBackOff',
      Progressing: 'False Complete: every component runs the desired spec',
      Degraded: 'True ReplicasNotReady: Deployment b: 1/2 ready: CrashLoopBackOff',
    });
  });

  it('is not Ready during an operator-driven rollout even when the workloads are', () => {
    expect(summary({ rollingOut: { reason: 'CanaryProgressing', message: 'step 1 of 2' } })).toMatchObject({
      Ready: 'False CanaryProgressing: step 1 of 2',
      Progressing: 'True CanaryProgressing: step 1 of 2',
    });
  });

  it('is Degraded and not Ready after a rollback', () => {
    expect(summary({ degraded: { reason: 'CanaryRolledBack', message: 'timed out' } })).toMatchObject({
      Ready: 'False CanaryRolledBack: timed out',
      Degraded: 'True CanaryRolledBack: timed out',
    });
  });

  it('reports an invalid spec first, whatever else is true', () => {
    expect(summary({ specError: 'spec.x: bad', components: [{ name: 'a', verdict: unready }] })).toEqual({
      Ready: 'False InvalidSpec: spec.x: bad',
      Progressing: 'False InvalidSpec: spec.x: bad',
      Degraded: 'False InvalidSpec: spec.x: bad',
    });
  });

  it('reports what blocks progress, degraded or not', () => {
    expect(summary({ blocked: { reason: 'SecretNotFound', message: 'Secret(s) x not found', degraded: false } })).toMatchObject({
      Ready: 'False SecretNotFound: Secret(s) x not found',
      Degraded: 'False SecretNotFound: Secret(s) x not found',
    });
    expect(summary({ blocked: { reason: 'RestoreFailed', message: 'm', degraded: true } }).Degraded).toBe('True RestoreFailed: m');
  });

  it('says when reconciliation is paused, and removes the condition after', () => {
    const paused = standardConditions(inputs({ paused: true }), T0);
    expect(findCondition(paused, 'Paused')).toMatchObject({ status: 'True', reason: 'ReconciliationPaused' });
    expect(findCondition(paused, 'Progressing')).toMatchObject({ status: 'False', reason: 'ReconciliationPaused' });
    expect(findCondition(standardConditions(inputs({ previous: paused }), T1), 'Paused')).toBeUndefined();
  });

  it('adds extra conditions and removes those mapped to undefined', () => {
    const withExtra = standardConditions(inputs({ extra: { ServiceMonitor: integrationCondition('skipped-no-crd', 'ServiceMonitors', 'servicemonitors.monitoring.coreos.com') } }), T0);
    expect(findCondition(withExtra, 'ServiceMonitor')).toMatchObject({ status: 'False', reason: 'CRDNotInstalled' });
    expect(findCondition(standardConditions(inputs({ previous: withExtra, extra: { ServiceMonitor: undefined } }), T1), 'ServiceMonitor')).toBeUndefined();
  });

  it('stamps observedGeneration, and keeps lastTransitionTime while the status holds', () => {
    const first = standardConditions(inputs(), T0);
    expect(first.every((c) => c.observedGeneration === 4 && c.lastTransitionTime === '2025-01-01T00:00:00Z')).toBe(true);
    const again = standardConditions(inputs({ previous: first }), T1);
    expect(again).toEqual(first);
    const changed = standardConditions(inputs({ previous: first, components: [{ name: 'a', verdict: unready }] }), T1);
    expect(findCondition(changed, 'Ready')?.lastTransitionTime).toBe('2025-01-01T00:05:00Z');
  });
});
