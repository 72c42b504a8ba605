// The status of a CycloneApp as a pure function of what the reconciler observed and decided. Like
// cert-manager's, the decision is a chain evaluated in order whose first match sets the phase and
// the three standard conditions; the gathering (I/O) happens elsewhere and the clock is passed in.
// The Deployment's readiness comes in as a verdict (the kit's workload-readiness helper computes it),
// so this file never reads replica counts to decide readiness itself.
import type { V1Deployment } from '@kubernetes/client-node';
import { removeCondition, setConditions, toLabelSelector, type ConditionStatus, type ConditionUpdate } from '@operators/k8s-common';
import { PAUSE_RECONCILIATION_ANNOTATION, type AppPhase, type CycloneApp, type CycloneAppStatus } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import type { ConfigDecision } from '../config/config-source.ts';
import { PERFORMANCE_CONDITION, type PerformanceStatus } from '../performance/performance-status.ts';
import { autoscalingActive } from '../resources/autoscaler.ts';
import { releaseOf } from '../resources/deployment.ts';
import { appNamespace, appSelectorLabels, configMapName } from '../resources/metadata.ts';
import { sameRelease } from '../resources/release.ts';
import type { ReleaseDecision } from '../rollout/release.ts';
import type { WorkloadReadiness } from '../support/workload-readiness.ts';
import type { NodeCapabilityVerdict } from './node-capabilities.ts';

export type ServiceMonitorOutcome = 'created' | 'skipped-no-crd' | 'not-requested';

/** What the reconciler found, or decided, in this pass. */
export interface ObservedAppState {
  /** The Deployment as the API server returned it from the apply, if it exists. */
  deployment?: V1Deployment;
  /** The Deployment's readiness verdict; required with a Deployment. */
  readiness?: WorkloadReadiness;
  release: ReleaseDecision;
  nodes: NodeCapabilityVerdict;
  /** Secrets the spec names that do not exist. */
  missingSecrets: readonly string[];
  serviceMonitor: ServiceMonitorOutcome;
  config: ConfigDecision;
  performance: PerformanceStatus;
  /** The pause-reconciliation annotation is "true". */
  paused: boolean;
  /** Why the spec cannot be realised, when something beyond admission found out (an object stored before a rule existed). */
  specError?: string;
}

export const READY = 'Ready';
export const PROGRESSING = 'Progressing';
export const DEGRADED = 'Degraded';
export const NODE_CAPABILITIES = 'NodeCapabilities';
export const SERVICE_MONITOR = 'ServiceMonitor';
export const CONFIG_OVERRIDDEN = 'ConfigOverridden';
export const PAUSED = 'Paused';

/** Phases in which every pod has been ready at least once. */
const HAS_RUN: readonly (AppPhase | undefined)[] = ['Running', 'Updating', 'Degraded', 'RolledBack'];

type ConditionVerdict = Omit<ConditionUpdate, 'type' | 'observedGeneration'>;
interface Verdict {
  phase: AppPhase;
  ready: ConditionVerdict;
  progressing: ConditionVerdict;
  degraded: ConditionVerdict;
}

const stamper = (generation: number | undefined) => (type: string, update: ConditionVerdict): ConditionUpdate => ({
  type,
  ...update,
  ...(generation !== undefined ? { observedGeneration: generation } : {}),
});

export function computeAppStatus(app: StoredCycloneApp, observed: ObservedAppState, now: Date): CycloneAppStatus {
  const verdict = decide(app, observed);
  // While paused nothing of a newer spec is applied: status and conditions keep the generation last
  // reconciled, so a Ready that was true for it never claims a change that did not roll out.
  const generation = observed.paused ? app.status?.observedGeneration : app.metadata.generation;
  const stamp = stamper(generation);
  const optional: [string, ConditionVerdict | undefined][] = [
    [NODE_CAPABILITIES, nodeCapabilitiesCondition(observed.nodes)],
    [SERVICE_MONITOR, serviceMonitorCondition(observed.serviceMonitor)],
    [PERFORMANCE_CONDITION, observed.performance.condition],
    [CONFIG_OVERRIDDEN, configOverriddenCondition(app, observed.config)],
    [PAUSED, observed.paused ? condition('True', 'ReconciliationPaused', pausedMessage) : undefined],
  ];
  const updates = [
    stamp(READY, verdict.ready),
    stamp(PROGRESSING, verdict.progressing),
    stamp(DEGRADED, verdict.degraded),
    ...optional.flatMap(([type, update]) => (update ? [stamp(type, update)] : [])),
  ];
  let conditions = setConditions(app.status?.conditions, updates, now);
  for (const [type, update] of optional) if (!update) conditions = removeCondition(conditions, type);

  const { release, deployment, performance } = observed;
  return {
    phase: verdict.phase,
    conditions,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    replicas: deployment?.status?.replicas ?? 0,
    readyReplicas: deployment?.status?.readyReplicas ?? 0,
    selector: toLabelSelector(appSelectorLabels(app)),
    version: release.run.version,
    ...(release.lastKnownGood ? { lastKnownGoodVersion: release.lastKnownGood.version, lastKnownGoodImage: release.lastKnownGood.image } : {}),
    ...(release.rollback ? { rollback: release.rollback } : {}),
    ...(performance.performance ? { performance: performance.performance } : {}),
    ...(performance.networking ? { networking: performance.networking } : {}),
  };
}

/**
 * The status of a stored object that fails validation (written before a rule existed): phase Failed,
 * Ready=False InvalidSpec naming the fields. Nothing was applied, so the rest of the status (the
 * last known-good release, a rollback in force, the figures) stays as it was; the status is written
 * by server-side apply, so a field left out here would be removed.
 */
export function invalidSpecStatus(app: CycloneApp, message: string, now: Date): CycloneAppStatus {
  const generation = app.metadata.generation;
  const stamp = stamper(generation);
  const verdict = failedVerdict('InvalidSpec', message, undefined);
  const conditions = setConditions(
    app.status?.conditions,
    [stamp(READY, verdict.ready), stamp(PROGRESSING, verdict.progressing), stamp(DEGRADED, verdict.degraded)],
    now,
  );
  return { ...app.status, phase: verdict.phase, conditions, ...(generation !== undefined ? { observedGeneration: generation } : {}) };
}

function failedVerdict(reason: string, message: string, paused: ConditionVerdict | undefined): Verdict {
  return {
    phase: 'Failed',
    ready: condition('False', reason, message),
    progressing: paused ?? condition('False', reason, 'cannot progress until the spec can be realised'),
    degraded: condition('False', reason, 'see the Ready condition'),
  };
}

const pausedMessage = `${PAUSE_RECONCILIATION_ANNOTATION} is "true": the operator changes nothing until it is removed`;

function decide(app: StoredCycloneApp, observed: ObservedAppState): Verdict {
  const paused = observed.paused ? condition('False', 'ReconciliationPaused', pausedMessage) : undefined;
  const hasRun = HAS_RUN.includes(app.status?.phase);
  const failed = (reason: string, message: string): Verdict => failedVerdict(reason, message, paused);

  if (observed.specError !== undefined) return failed('InvalidSpec', observed.specError);
  if (observed.missingSecrets.length > 0) return failed('SecretNotFound', missingSecretsMessage(app, observed.missingSecrets));

  const { deployment, readiness, release, nodes } = observed;
  if (!deployment || !readiness) {
    return {
      phase: 'Pending',
      ready: condition('False', 'Pending', 'the Deployment has not been created yet'),
      progressing: paused ?? condition('True', 'Creating', 'creating the Deployment'),
      degraded: condition('False', 'Pending', 'no pod exists yet'),
    };
  }
  const available = readiness.current && readiness.ready;

  if (release.state === 'RolledBack') {
    const message = release.message ?? 'rolled back to the last known-good release';
    return {
      phase: 'RolledBack',
      ready: condition('False', 'RolledBack', message),
      progressing:
        paused ??
        (available
          ? condition('False', 'RolledBack', "the last known-good release runs; spec's release is not tried again until spec.version or spec.image changes")
          : condition('True', 'RollingBack', readiness.message)),
      degraded: condition('True', 'RolledBack', message),
    };
  }
  if (release.state === 'ProgressDeadlineExceeded') {
    const message = release.message ?? readiness.message;
    return {
      phase: 'Degraded',
      ready: condition('False', 'ProgressDeadlineExceeded', message),
      progressing: paused ?? condition('False', 'ProgressDeadlineExceeded', message),
      degraded: condition('True', 'ProgressDeadlineExceeded', message),
    };
  }

  if (available) {
    const stopped = app.spec.replicas === 0 && !autoscalingActive(app);
    return {
      phase: 'Running',
      // Scaled to zero is what the user asked for, not a fault.
      ready: stopped ? condition('True', 'ScaledToZero', 'scaled to 0 pods') : condition('True', 'Available', readiness.message),
      progressing: paused ?? condition('False', 'RolloutComplete', `every pod runs ${release.run.version}`),
      degraded: condition('False', 'Available', readiness.message),
    };
  }

  // Pods wait for a node that will never come: say which flag asks for what no node has.
  if (nodes.required && !nodes.satisfiable) {
    return {
      phase: hasRun ? 'Degraded' : 'Pending',
      ready: condition('False', nodes.reason, nodes.message),
      progressing: paused ?? condition('False', nodes.reason, 'cannot progress until a node can take the pods'),
      degraded: hasRun ? condition('True', nodes.reason, nodes.message) : condition('False', nodes.reason, 'the app has not run yet'),
    };
  }

  if (!hasRun) {
    return {
      phase: 'Creating',
      ready: condition('False', 'Creating', readiness.message),
      progressing: paused ?? condition('True', 'Creating', readiness.message),
      degraded: condition('False', 'Creating', 'the first rollout is in progress'),
    };
  }

  // Fewer ready pods than last written, with no rollout to explain it, is a fault; new pods that are
  // not ready yet (a rollout, a scale-up by the autoscaler) are progress.
  const rolloutInProgress =
    !readiness.current || app.metadata.generation !== app.status?.observedGeneration || !sameRelease(releaseOf(deployment), release.run);
  const lostReadyPods = (deployment.status?.readyReplicas ?? 0) < (app.status?.readyReplicas ?? 0);
  if (!rolloutInProgress && (lostReadyPods || app.status?.phase === 'Degraded')) {
    return {
      phase: 'Degraded',
      ready: condition('False', readiness.reason, readiness.message),
      progressing: paused ?? condition('False', 'RolloutComplete', `every pod runs ${release.run.version}`),
      degraded: condition('True', readiness.reason, readiness.message),
    };
  }
  return {
    phase: 'Updating',
    ready: condition('False', 'Updating', readiness.message),
    progressing: paused ?? condition('True', readiness.reason, readiness.message),
    degraded: condition('False', 'Updating', 'pods are unavailable only as the update or scaling brings new ones up'),
  };
}

function condition(status: ConditionStatus, reason: string, message: string): ConditionVerdict {
  return { status, reason, message };
}

function missingSecretsMessage(app: StoredCycloneApp, missing: readonly string[]): string {
  const described = missing.map((name) => (app.spec.tls.certificateSecret === name ? `Secret "${name}" (spec.tls.certificateSecret)` : `Secret "${name}"`));
  return `${described.join(', ')} not found in namespace ${appNamespace(app)}; the pods cannot start without ${missing.length > 1 ? 'them' : 'it'}`;
}

function nodeCapabilitiesCondition(verdict: NodeCapabilityVerdict): ConditionVerdict | undefined {
  if (!verdict.required) return undefined;
  return condition(verdict.satisfiable ? 'True' : 'False', verdict.reason, verdict.message);
}

function serviceMonitorCondition(outcome: ServiceMonitorOutcome): ConditionVerdict | undefined {
  switch (outcome) {
    case 'created':
      return condition('True', 'Created', "the ServiceMonitor scrapes the metrics port's /metrics");
    case 'skipped-no-crd':
      return condition(
        'False',
        'CRDNotInstalled',
        'spec.observability.metrics.serviceMonitor is true, but the monitoring.coreos.com/v1 ServiceMonitor CRD is not served: install the Prometheus Operator, or set serviceMonitor to false',
      );
    case 'not-requested':
      return undefined;
  }
}

function configOverriddenCondition(app: StoredCycloneApp, config: ConfigDecision): ConditionVerdict | undefined {
  if (config.outcome !== 'hand-edit-kept') return undefined;
  const where = `ConfigMap ${appNamespace(app)}/${configMapName(app)}`;
  const parse = config.handEdit?.parses === false ? `; it does not parse as TOML (${config.handEdit.error}), so the app may refuse to reload it` : '';
  return condition(
    'True',
    'HandEdited',
    `config.toml in ${where} was edited outside the CycloneApp and is kept, and reloaded by the pods without a restart; the CycloneApp's rendering replaces it when the CycloneApp's configuration changes${parse}`,
  );
}
