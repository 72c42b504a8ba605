import type { Condition } from '@operators/k8s-common';
import type { CollectorType } from '../api/v1alpha1/group.ts';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import type { TapioClusterStatus } from '../api/v1alpha1/tapiocluster.ts';
import { gatewayUrl } from '../resources/gateway-service.ts';
import type { CanaryDecision } from '../rollout/canary.ts';
import type { WorkloadVerdict } from '../support/workload-verdict.ts';
import { integrationCondition, standardConditions, type ComponentReadiness, type Reason } from './conditions.ts';
import { SERVICE_MONITOR } from './intelligence-status.ts';

export const POD_SECURITY = 'PodSecurity';
export const NATS_CREDENTIALS_ROTATING = 'NATSCredentialsRotating';

/** A child custom resource, judged by its own Ready condition and observedGeneration. */
export interface ObservedChild {
  kind: 'TapioCollector' | 'TapioIntelligence';
  name: string;
  verdict: WorkloadVerdict;
}

export interface ObservedCluster {
  collectors: (ObservedChild & { type: CollectorType })[];
  intelligence: ObservedChild;
  nats: { name: string; verdict: WorkloadVerdict; replicas: number; readyReplicas: number };
  gateway: { name: string; verdict: WorkloadVerdict; replicas: number; readyReplicas: number; canary: CanaryDecision };
  serviceMonitor: 'applied' | 'skipped-no-crd' | 'not-requested';
  /** Whether the Pod Security labels could be set on the namespace (the operator may lack the right). */
  podSecurity: 'applied' | 'forbidden' | 'not-requested';
  /** Once a NATS credentials rotation was asked for: what it waits for, or the request it finished. */
  credentialsRotation?: { waiting: string } | { request: string };
  paused: boolean;
  specError?: string;
}

function gatewayCanaryReasons(gateway: ObservedCluster['gateway']): { rollingOut?: Reason; degraded?: Reason } {
  const canary = gateway.canary.status;
  if (canary?.phase === 'Progressing') return { rollingOut: { reason: 'CanaryProgressing', message: `gateway: ${canary.message}` } };
  if (canary?.phase === 'RolledBack' && gateway.canary.stableTemplate === 'running') return { degraded: { reason: 'CanaryRolledBack', message: `gateway: ${canary.message}` } };
  return {};
}

function rotationCondition(rotation: ObservedCluster['credentialsRotation']) {
  if (!rotation) return undefined;
  if ('waiting' in rotation) return { status: 'True' as const, reason: 'Rotating', message: `NATS credentials rotation: waiting for ${rotation.waiting}` };
  return { status: 'False' as const, reason: 'Rotated', message: `NATS credentials rotated (request ${rotation.request}): the clients run as the new user, the old one is removed` };
}

export function computeClusterStatus(cluster: ProfiledTapioCluster, observed: ObservedCluster, now: Date): TapioClusterStatus & { conditions: Condition[] } {
  const generation = cluster.metadata.generation;
  const child = ({ kind, name, verdict }: ObservedChild): ComponentReadiness => ({ name: `${kind} ${name}`, verdict });
  const components: ComponentReadiness[] = [
    { name: `StatefulSet ${observed.nats.name}`, verdict: observed.nats.verdict },
    child(observed.intelligence),
    ...observed.collectors.map(child),
    { name: `Deployment ${observed.gateway.name}`, verdict: observed.gateway.verdict },
  ];
  const reasons = gatewayCanaryReasons(observed.gateway);
  const conditions = standardConditions(
    {
      generation,
      previous: cluster.status?.conditions,
      ...(observed.specError !== undefined ? { specError: observed.specError } : {}),
      components,
      ...reasons,
      paused: observed.paused,
      extra: {
        [SERVICE_MONITOR]: integrationCondition(observed.serviceMonitor, 'ServiceMonitors', 'servicemonitors.monitoring.coreos.com'),
        [POD_SECURITY]:
          observed.podSecurity === 'not-requested'
            ? undefined
            : observed.podSecurity === 'applied'
              ? { status: 'True', reason: 'LabelsApplied', message: 'Pod Security admission labels set on the namespace' }
              : { status: 'False', reason: 'Forbidden', message: 'the operator may not patch the namespace; set its Pod Security labels yourself (docs/tapio.md)' },
        [NATS_CREDENTIALS_ROTATING]: rotationCondition(observed.credentialsRotation),
      },
    },
    now,
  );
  const { gateway } = observed;
  return {
    ...(generation !== undefined ? { observedGeneration: generation } : {}),
    conditions,
    collectors: observed.collectors.map(({ type, name, verdict }) => ({ type, name, ready: verdict.current && verdict.ready })),
    intelligence: { name: observed.intelligence.name, ready: observed.intelligence.verdict.current && observed.intelligence.verdict.ready },
    nats: { replicas: observed.nats.replicas, readyReplicas: observed.nats.readyReplicas },
    gateway: {
      replicas: gateway.replicas,
      readyReplicas: gateway.readyReplicas,
      url: gatewayUrl(cluster),
      ...(gateway.canary.status ? { canary: gateway.canary.status } : {}),
    },
  };
}
