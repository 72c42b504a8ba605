// The status of a TickStorm as a pure function of what the reconciler observed. Like cert-manager's,
// the decision is a chain evaluated in order whose first match sets the conditions; gathering (I/O)
// happens elsewhere and the clock is passed in. The Deployment's readiness comes in as a verdict
// already computed (kstatus' rules, by the kit's workload-readiness helper), so this file only decides
// what the TickStorm says about it.
import type { V1Service } from '@kubernetes/client-node';
import { removeCondition, setConditions, toLabelSelector, type Condition, type ConditionStatus, type ConditionUpdate } from '@operators/k8s-common';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { PAUSE_RECONCILIATION_ANNOTATION, type EffectiveRuntimeStatus, type ResourceTermination } from '../api/v1alpha1/tickstorm.ts';
import { certificateName, clientServiceName, serverSelectorLabels, tlsSecretName } from '../resources/metadata.ts';
import { clientEndpoint, loadBalancerPending } from './endpoint.ts';
import type { ResourcePressureVerdict } from './resource-pressure.ts';

/** A workload's readiness as kstatus sees it (the kit's readiness helper computes it). */
export interface WorkloadReadiness {
  /** The controller has seen the latest spec and every replica runs it. */
  current: boolean;
  ready: boolean;
  reason: string;
  message: string;
}

/** What became of an optional integration (ServiceMonitor, cert-manager Certificate) in this pass. */
export type IntegrationOutcome = 'applied' | 'skipped-no-crd' | 'not-requested';

/** The Certificate as an integration, or applied with its Secret not written yet (nothing else is applied until it is). */
export type CertificateOutcome = IntegrationOutcome | 'awaiting-secret';

export interface ObservedTickStorm {
  /** The Deployment's readiness; undefined before it exists. */
  deployment?: WorkloadReadiness;
  /** The Deployment's status.replicas and status.readyReplicas. */
  replicas: number;
  readyReplicas: number;
  /** The client Service as the API server returned it. */
  clientService?: V1Service;
  /** Secrets the spec names that do not exist. */
  missingSecrets: readonly string[];
  serviceMonitor: IntegrationOutcome;
  certificate: CertificateOutcome;
  /** cert-manager's own word on the Certificate: its Ready condition, as last applied. */
  certificateIssuance?: { status?: string; reason?: string; message?: string };
  resourcePressure: ResourcePressureVerdict;
  effectiveRuntime: EffectiveRuntimeStatus;
  /** The pause-reconciliation annotation is "true". */
  paused: boolean;
  /** Why the spec cannot be realised, when a check beyond admission found out (an object that bypassed it, an apply the API server rejected). */
  specError?: string;
}

export interface ComputedTickStormStatus {
  conditions: Condition[];
  observedGeneration?: number;
  replicas: number;
  readyReplicas: number;
  selector: string;
  endpoint?: string;
  effectiveRuntime: EffectiveRuntimeStatus;
  resourceTerminations: ResourceTermination[];
}

export const READY = 'Ready';
export const PROGRESSING = 'Progressing';
export const DEGRADED = 'Degraded';
export const RESOURCE_PRESSURE = 'ResourcePressure';
export const SERVICE_MONITOR = 'ServiceMonitor';
export const CERTIFICATE = 'Certificate';
export const PAUSED = 'Paused';

type ConditionVerdict = Omit<ConditionUpdate, 'type' | 'observedGeneration'>;
interface Verdict {
  ready: ConditionVerdict;
  progressing: ConditionVerdict;
  degraded: ConditionVerdict;
}

export function computeTickStormStatus(tickStorm: DefaultedTickStorm, observed: ObservedTickStorm, now: Date): ComputedTickStormStatus {
  const generation = tickStorm.metadata.generation;
  const stamp = (type: string, update: ConditionVerdict): ConditionUpdate => ({
    type,
    ...update,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
  });
  const verdict = decide(tickStorm, observed);
  const optional: [string, ConditionVerdict | undefined][] = [
    [SERVICE_MONITOR, integrationCondition(observed.serviceMonitor, 'ServiceMonitor', 'monitoring.coreos.com/v1 ServiceMonitor (prometheus-operator)', 'metrics.serviceMonitor.enabled')],
    [CERTIFICATE, certificateCondition(tickStorm, observed)],
    [PAUSED, observed.paused ? condition('True', 'ReconciliationPaused', `${PAUSE_RECONCILIATION_ANNOTATION} is "true": the operator changes nothing until it is removed`) : undefined],
  ];
  const updates = [
    stamp(READY, verdict.ready),
    stamp(PROGRESSING, verdict.progressing),
    stamp(DEGRADED, verdict.degraded),
    stamp(RESOURCE_PRESSURE, observed.resourcePressure.condition),
    ...optional.flatMap(([type, update]) => (update ? [stamp(type, update)] : [])),
  ];
  let conditions = setConditions(tickStorm.status?.conditions, updates, now);
  for (const [type, update] of optional) if (!update) conditions = removeCondition(conditions, type);

  const endpoint = clientEndpoint(observed.clientService);
  return {
    conditions,
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    replicas: observed.replicas,
    readyReplicas: observed.readyReplicas,
    selector: toLabelSelector(serverSelectorLabels(tickStorm)),
    ...(endpoint ? { endpoint } : {}),
    effectiveRuntime: observed.effectiveRuntime,
    resourceTerminations: observed.resourcePressure.terminations,
  };
}

function decide(tickStorm: DefaultedTickStorm, observed: ObservedTickStorm): Verdict {
  const paused = observed.paused ? condition('False', 'ReconciliationPaused', 'reconciliation is paused') : undefined;
  if (observed.specError !== undefined) return failed('InvalidSpec', observed.specError);
  if (observed.missingSecrets.length > 0) {
    const names = observed.missingSecrets.join(', ');
    return failed('SecretNotFound', `Secret ${names} not found in namespace ${tickStorm.metadata.namespace}: create it, or remove it from the spec`);
  }
  if (observed.certificate === 'skipped-no-crd') {
    return failed('CertManagerNotInstalled', 'tls.certificate needs cert-manager, whose Certificate CRD is not served: install cert-manager, or name a Secret in tls.secretName');
  }
  if (observed.certificate === 'awaiting-secret') {
    // The normal first minutes of a TLS TickStorm: progressing, not degraded; the running pods (if any) stay as they are.
    const message = awaitingSecretMessage(tickStorm, observed);
    return {
      ready: condition('False', 'CertificatePending', message),
      progressing: condition('True', 'IssuingCertificate', message),
      degraded: condition('False', 'CertificatePending', 'the pods are applied once the certificate is issued'),
    };
  }
  const { deployment } = observed;
  if (!deployment) {
    return {
      ready: condition('False', 'Pending', 'the Deployment has not been created yet'),
      progressing: paused ?? condition('True', 'Creating', 'creating the Deployment'),
      degraded: condition('False', 'Pending', 'no pod exists yet'),
    };
  }
  const counts = `${observed.readyReplicas}/${observed.replicas} pods ready`;
  if (!deployment.current) {
    return {
      ready: condition('False', deployment.reason, deployment.message),
      progressing: paused ?? condition('True', 'RollingOut', `${deployment.message} (${counts})`),
      degraded: condition('False', 'RollingOut', 'a rollout is in progress'),
    };
  }
  if (!deployment.ready) {
    return {
      ready: condition('False', deployment.reason, deployment.message),
      progressing: paused ?? condition('False', 'RolloutFinished', 'every pod runs the current spec'),
      degraded: condition('True', deployment.reason, `${deployment.message} (${counts})`),
    };
  }
  return {
    ready: condition('True', 'Ready', `${counts}; ${endpointMessage(tickStorm, observed.clientService)}`),
    progressing: paused ?? condition('False', 'RolloutFinished', 'every pod runs the current spec'),
    degraded: condition('False', 'Ready', counts),
  };
}

function endpointMessage(tickStorm: DefaultedTickStorm, service: V1Service | undefined): string {
  const endpoint = clientEndpoint(service);
  if (loadBalancerPending(service)) {
    return `the LoadBalancer of ${clientServiceName(tickStorm)} has no address yet${endpoint ? ` (in the cluster: ${endpoint})` : ''}`;
  }
  return endpoint ? `clients connect to ${endpoint}` : `${clientServiceName(tickStorm)} has no address yet`;
}

function certificateCondition(tickStorm: DefaultedTickStorm, observed: ObservedTickStorm): ConditionVerdict | undefined {
  if (observed.certificate === 'awaiting-secret') return condition('False', 'Issuing', awaitingSecretMessage(tickStorm, observed));
  if (observed.certificate === 'applied') {
    // The Secret exists and the pods serve its certificate; a failing renewal is worth saying before it expires.
    const issuance = observed.certificateIssuance;
    if (issuance?.status === 'False') {
      return condition('False', 'CertificateNotReady', `cert-manager reports Certificate ${certificateName(tickStorm)} not ready: ${[issuance.reason, issuance.message].filter(Boolean).join(': ')}; the pods keep serving the certificate in Secret ${tlsSecretName(tickStorm)}`);
    }
    return condition('True', 'Issued', `cert-manager keeps the Secret ${tlsSecretName(tickStorm)} of Certificate ${certificateName(tickStorm)} current; the pods mount it`);
  }
  return integrationCondition(observed.certificate, 'Certificate', 'cert-manager.io/v1 Certificate (cert-manager)', 'tls.certificate');
}

function awaitingSecretMessage(tickStorm: DefaultedTickStorm, observed: ObservedTickStorm): string {
  const { reason, message } = observed.certificateIssuance ?? {};
  const issuer = tickStorm.spec.tls?.certificate?.issuerRef;
  const said = reason || message ? `; cert-manager says: ${[reason, message].filter(Boolean).join(': ')}` : '; cert-manager has not reported on it yet';
  return `waiting for cert-manager to write the Secret ${tlsSecretName(tickStorm)} of Certificate ${certificateName(tickStorm)} (${issuer?.kind ?? 'Issuer'} ${issuer?.name})${said}`;
}

function integrationCondition(outcome: IntegrationOutcome, kind: string, crd: string, field: string): ConditionVerdict | undefined {
  switch (outcome) {
    case 'not-requested':
      return undefined;
    case 'applied':
      return condition('True', 'Applied', `the ${kind} is applied`);
    case 'skipped-no-crd':
      return condition('False', 'CRDNotInstalled', `${field} asks for a ${crd}, but its CRD is not served in this cluster; the operator creates it once the CRD is installed`);
  }
}

function failed(reason: string, message: string): Verdict {
  return { ready: condition('False', reason, message), progressing: condition('False', reason, message), degraded: condition('True', reason, message) };
}

function condition(status: ConditionStatus, reason: string, message: string): ConditionVerdict {
  return { status, reason, message };
}
