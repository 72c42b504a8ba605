import type { DefaultedPrismPattern } from '../api/v1alpha1/defaults.ts';
import type { PatternBackend } from './backend-connection.ts';
import { toHpaBehavior } from './hpa.ts';
import { kedaTriggers, type BackendsByName } from './keda-triggers.ts';
import { KEDA_API_VERSION, type ScaledObject } from './keda-types.ts';
import { childMetadata, PATTERN_COMPONENT } from './metadata.ts';
import { patternDeploymentName, patternScaledObjectName } from './pattern-names.ts';
import { patternTriggerAuthenticationName } from './trigger-authentication.ts';

/**
 * The KEDA ScaledObject of a pattern with scaler keda: its triggers, bounds, polling interval and
 * cooldown, and the behavior, which KEDA hands to the HPA it manages. KEDA's own defaults stand
 * for what the pattern leaves unset.
 */
export function desiredScaledObject(pattern: DefaultedPrismPattern, patternBackend: PatternBackend, backends: BackendsByName): ScaledObject {
  const { autoscaling } = pattern.spec;
  return {
    apiVersion: KEDA_API_VERSION,
    kind: 'ScaledObject',
    metadata: childMetadata(pattern, patternScaledObjectName(pattern), PATTERN_COMPONENT),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: patternDeploymentName(pattern) },
      minReplicaCount: autoscaling.minReplicas,
      maxReplicaCount: autoscaling.maxReplicas,
      ...(autoscaling.pollingInterval !== undefined ? { pollingInterval: autoscaling.pollingInterval } : {}),
      ...(autoscaling.cooldownPeriod !== undefined ? { cooldownPeriod: autoscaling.cooldownPeriod } : {}),
      ...(autoscaling.behavior ? { advanced: { horizontalPodAutoscalerConfig: { behavior: toHpaBehavior(autoscaling.behavior) } } } : {}),
      triggers: kedaTriggers(pattern, patternBackend, backends, (backend) => patternTriggerAuthenticationName(pattern, backend)),
    },
  };
}
