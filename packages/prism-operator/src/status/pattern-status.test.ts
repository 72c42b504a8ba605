import type { DefaultedPrismBackend } from '../api/v1alpha1/defaults.ts';
import { aBackend, aPattern, examplePattern, withBackendStatus, withPatternGeneration, withPatternStatus, type BackendOption } from '../../test/fixtures.ts';
import { planScalers } from '../scaling/scaler-plan.ts';
import { computePatternStatus, type ObservedPatternState } from './pattern-status.ts';
import type { WorkloadReadiness } from './readiness.ts';

const NOW = new Date('2026-05-01T10:00:00Z');
const LATER = new Date('2026-05-01T10:05:00Z');
const available: WorkloadReadiness = { current: true, ready: true, reason: 'Available', message: 'Deployment is available' };
const rollingOut: WorkloadReadiness = { current: false, ready: false, reason: 'RollingOut', message: '1 of 2 updated replicas are available' };
const unready: WorkloadReadiness = { current: true, ready: false, reason: 'PodsNotReady', message: '1/2 pods ready: CrashLoopBackOff' };
const counts = (ready: number, replicas = 2) => ({ replicas, readyReplicas: ready, availableReplicas: ready });

const hpaPattern = examplePattern('prismpattern_hpa_example');
const observed = (patch: Partial<ObservedPatternState> = {}, pattern = hpaPattern): ObservedPatternState => ({
  backend: { ok: true, backend: { kind: 'type', type: 'kafka' } },
  triggerProblems: [],
  scalers: planScalers(pattern, { kedaServed: true }),
  deployment: { counts: counts(2), readiness: available },
  paused: false,
  ...patch,
});
const conditionOf = (status: ReturnType<typeof computePatternStatus>, type: string) => status.conditions.find((c) => c.type === type);

describe('computePatternStatus', () => {
  it('Running and Ready when the Deployment is current and ready, with the HPA named', () => {
    const status = computePatternStatus(hpaPattern, observed(), NOW);
    expect(status).toMatchObject({ phase: 'Running', replicas: 2, readyReplicas: 2, availableReplicas: 2, scaler: 'hpa', backendType: 'kafka', observedGeneration: 1 });
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'True', reason: 'Available', observedGeneration: 1, lastTransitionTime: '2026-05-01T10:00:00Z' });
    expect(conditionOf(status, 'Progressing')).toMatchObject({ status: 'False', reason: 'RolloutComplete' });
    expect(conditionOf(status, 'Degraded')).toMatchObject({ status: 'False' });
    expect(conditionOf(status, 'Autoscaling')).toMatchObject({ status: 'True', reason: 'HorizontalPodAutoscaler' });
    expect(conditionOf(status, 'Autoscaling')?.message).toContain('between 2 and 20 replicas');
  });

  it('gives the scale subresource the pods\' selector', () => {
    expect(computePatternStatus(hpaPattern, observed(), NOW).selector).toBe(
      'app.kubernetes.io/component=pattern-runner,app.kubernetes.io/instance=producer-kafka-events,app.kubernetes.io/name=prism',
    );
  });

  it('Pending before the Deployment exists', () => {
    const status = computePatternStatus(hpaPattern, observed({ deployment: undefined }), NOW);
    expect(status).toMatchObject({ phase: 'Pending', replicas: 0, readyReplicas: 0 });
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'Pending' });
    expect(conditionOf(status, 'Progressing')).toMatchObject({ status: 'True', reason: 'Creating' });
  });

  it('Progressing while the first rollout is not ready, in the workload\'s own words', () => {
    const status = computePatternStatus(hpaPattern, observed({ deployment: { counts: counts(1), readiness: unready } }), NOW);
    expect(status.phase).toBe('Progressing');
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'PodsNotReady' });
    expect(conditionOf(status, 'Ready')?.message).toContain('CrashLoopBackOff');
    expect(conditionOf(status, 'Degraded')).toMatchObject({ status: 'False' });
  });

  it('Progressing during a rollout after running', () => {
    const running = aPattern(withPatternStatus({ phase: 'Running' }));
    const status = computePatternStatus(running, observed({ deployment: { counts: counts(1), readiness: rollingOut } }, running), NOW);
    expect(status.phase).toBe('Progressing');
    expect(conditionOf(status, 'Progressing')).toMatchObject({ status: 'True', reason: 'RollingOut' });
  });

  it('Degraded when runners become unready after running', () => {
    const running = aPattern(withPatternStatus({ phase: 'Running' }));
    const status = computePatternStatus(running, observed({ deployment: { counts: counts(1), readiness: unready } }, running), NOW);
    expect(status.phase).toBe('Degraded');
    expect(conditionOf(status, 'Degraded')).toMatchObject({ status: 'True', reason: 'PodsNotReady', message: '1/2 pods ready: CrashLoopBackOff' });
  });

  describe('without KEDA', () => {
    const kedaPattern = examplePattern('prismpattern_keda_kafka_example');
    const status = computePatternStatus(kedaPattern, observed({ scalers: planScalers(kedaPattern, { kedaServed: false }) }, kedaPattern), NOW);

    it('is Ready=False, reason KEDANotInstalled, with no scaler in place', () => {
      expect(status.phase).toBe('Failed');
      expect(status.scaler).toBe('none');
      expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'KEDANotInstalled' });
      expect(conditionOf(status, 'Autoscaling')).toMatchObject({ status: 'False', reason: 'KEDANotInstalled' });
    });

    it('heals once KEDA is served: Ready with the ScaledObject named', () => {
      const healed = computePatternStatus({ ...kedaPattern, status }, observed({ scalers: planScalers(kedaPattern, { kedaServed: true }) }, kedaPattern), LATER);
      expect(healed).toMatchObject({ phase: 'Running', scaler: 'keda' });
      expect(conditionOf(healed, 'Ready')).toMatchObject({ status: 'True', lastTransitionTime: '2026-05-01T10:05:00Z' });
      expect(conditionOf(healed, 'Autoscaling')).toMatchObject({ status: 'True', reason: 'ScaledObject' });
      expect(conditionOf(healed, 'Autoscaling')?.message).toContain('on kafka');
    });
  });

  it('Failed with InvalidSpec for a stored spec that fails validation', () => {
    const status = computePatternStatus(hpaPattern, observed({ specError: 'spec.autoscaling.triggers: scaler keda needs at least one trigger' }), NOW);
    expect(status.phase).toBe('Failed');
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'InvalidSpec', message: 'spec.autoscaling.triggers: scaler keda needs at least one trigger' });
    expect(conditionOf(status, 'Progressing')).toMatchObject({ status: 'False', reason: 'InvalidSpec' });
  });

  it('Failed with BackendNotFound', () => {
    const status = computePatternStatus(hpaPattern, observed({ backend: { ok: false, reason: 'BackendNotFound', message: 'spec.backend "x" is neither' } }), NOW);
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'BackendNotFound' });
    expect(status.backendType).toBeUndefined();
  });

  it('Failed with TriggerBackendInvalid while keda is wanted', () => {
    const kedaPattern = examplePattern('prismpattern_keda_kafka_example');
    const status = computePatternStatus(kedaPattern, observed({ scalers: planScalers(kedaPattern, { kedaServed: true }), triggerProblems: ['spec.autoscaling.triggers[0] (kafka): x'] }, kedaPattern), NOW);
    expect(conditionOf(status, 'Ready')).toMatchObject({ status: 'False', reason: 'TriggerBackendInvalid', message: 'spec.autoscaling.triggers[0] (kafka): x' });
    expect(conditionOf(status, 'Autoscaling')).toMatchObject({ status: 'False', reason: 'TriggerBackendInvalid' });
  });

  describe('a PrismBackend as the backend', () => {
    const readyIs = (status: 'True' | 'False'): BackendOption =>
      withBackendStatus({
        conditions: [{ type: 'Ready', status, reason: status === 'True' ? 'Configured' : 'SecretNotFound', message: 'Secret "kc" not found', lastTransitionTime: NOW.toISOString(), observedGeneration: 1 }],
      });
    const spec = { type: 'kafka' as const, endpoints: ['k:9092'] };
    const unjudged = aBackend('orders', spec);
    const withBackend = (backend: DefaultedPrismBackend) => observed({ backend: { ok: true, backend: { kind: 'resource', backend } } });

    it('is Ready when the backend is Ready, and reports its type', () => {
      const backend = aBackend('orders', spec, readyIs('True'));
      expect(computePatternStatus(hpaPattern, withBackend(backend), NOW)).toMatchObject({ phase: 'Running', backendType: 'kafka' });
    });

    it('is BackendNotReady with the backend\'s message while it is not Ready, or has not judged its current spec', () => {
      const notReady = aBackend('orders', spec, readyIs('False'));
      expect(conditionOf(computePatternStatus(hpaPattern, withBackend(notReady), NOW), 'Ready')).toMatchObject({
        reason: 'BackendNotReady',
        message: 'the PrismBackend orders is not Ready: Secret "kc" not found',
      });
      const stale = aBackend('orders', spec, readyIs('True'), (b) => ({ ...b, metadata: { ...b.metadata, generation: 2 } }));
      expect(conditionOf(computePatternStatus(hpaPattern, withBackend(stale), NOW), 'Ready')?.message).toBe('the PrismBackend orders is not Ready yet');
      expect(conditionOf(computePatternStatus(hpaPattern, withBackend(unjudged), NOW), 'Ready')?.reason).toBe('BackendNotReady');
    });
  });

  it('keeps lastTransitionTime while the status does not change', () => {
    const first = computePatternStatus(hpaPattern, observed(), NOW);
    const again = computePatternStatus({ ...hpaPattern, status: first }, observed(), LATER);
    expect(again).toEqual(first);
  });

  it('stamps the current generation on every condition', () => {
    const pattern = aPattern(withPatternGeneration(7));
    const status = computePatternStatus(pattern, observed({}, pattern), NOW);
    expect(status.observedGeneration).toBe(7);
    expect(status.conditions.map((c) => c.observedGeneration)).toEqual([7, 7, 7]);
  });

  it('has no Autoscaling condition with autoscaling off, and drops a stale one', () => {
    const plain = aPattern();
    const withOld = aPattern(withPatternStatus({ conditions: [{ type: 'Autoscaling', status: 'True', reason: 'HorizontalPodAutoscaler', message: '', lastTransitionTime: NOW.toISOString() }] }));
    expect(conditionOf(computePatternStatus(plain, observed({ scalers: planScalers(plain, { kedaServed: true }) }, plain), NOW), 'Autoscaling')).toBeUndefined();
    expect(conditionOf(computePatternStatus(withOld, observed({ scalers: planScalers(withOld, { kedaServed: true }) }, withOld), NOW), 'Autoscaling')).toBeUndefined();
  });

  it('says Paused, and that nothing progresses, while paused; the condition goes when unpaused', () => {
    const paused = computePatternStatus(hpaPattern, observed({ paused: true }), NOW);
    expect(conditionOf(paused, 'Paused')).toMatchObject({ status: 'True', reason: 'ReconciliationPaused' });
    expect(conditionOf(paused, 'Progressing')).toMatchObject({ status: 'False', reason: 'ReconciliationPaused' });
    expect(conditionOf(computePatternStatus({ ...hpaPattern, status: paused }, observed(), LATER), 'Paused')).toBeUndefined();
  });

  it('while paused describes the generation last reconciled, not a newer spec it did not apply', () => {
    const reconciled = computePatternStatus({ ...hpaPattern, metadata: { ...hpaPattern.metadata, generation: 3 } }, observed(), NOW);
    expect(conditionOf(reconciled, 'Ready')).toMatchObject({ status: 'True', observedGeneration: 3 });
    const edited = { ...hpaPattern, metadata: { ...hpaPattern.metadata, generation: 4 }, status: reconciled };
    const paused = computePatternStatus(edited, observed({ paused: true }), LATER);
    expect(paused.observedGeneration).toBe(3);
    expect(paused.conditions.map((c) => [c.type, c.observedGeneration])).toEqual(paused.conditions.map((c) => [c.type, 3]));
    const unpaused = computePatternStatus({ ...edited, status: paused }, observed(), LATER);
    expect(unpaused.observedGeneration).toBe(4);
    expect(conditionOf(unpaused, 'Ready')?.observedGeneration).toBe(4);
  });

  it('is stable for a KEDA pattern with autoscaling on many triggers', () => {
    const multi = examplePattern('prismpattern_keda_multi_trigger_example');
    expect(computePatternStatus(multi, observed({ scalers: planScalers(multi, { kedaServed: true }) }, multi), NOW)).toMatchSnapshot();
  });
});
