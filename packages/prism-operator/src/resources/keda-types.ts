// The parts of KEDA's keda.sh/v1alpha1 ScaledObject and TriggerAuthentication the operator writes,
// as their CRDs (github.com/kedacore/keda/v2 config/crd/bases) define them.
import type { V1ObjectMeta, V2HorizontalPodAutoscalerBehavior } from '@kubernetes/client-node';
import { resourceType } from '@operators/k8s-common';

export const KEDA_API_VERSION = 'keda.sh/v1alpha1';
export const ScaledObjectType = resourceType(KEDA_API_VERSION, 'ScaledObject', 'scaledobjects');
export const TriggerAuthenticationType = resourceType(KEDA_API_VERSION, 'TriggerAuthentication', 'triggerauthentications');

export interface KedaTrigger {
  type: string;
  name?: string;
  metadata: Record<string, string>;
  metricType?: 'AverageValue' | 'Value' | 'Utilization';
  authenticationRef?: { name: string; kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication' };
}

export interface ScaledObject {
  apiVersion: typeof KEDA_API_VERSION;
  kind: 'ScaledObject';
  metadata: V1ObjectMeta;
  spec: {
    scaleTargetRef: { apiVersion?: string; kind?: string; name: string };
    minReplicaCount?: number;
    maxReplicaCount?: number;
    pollingInterval?: number;
    cooldownPeriod?: number;
    advanced?: { horizontalPodAutoscalerConfig?: { behavior?: V2HorizontalPodAutoscalerBehavior } };
    triggers: KedaTrigger[];
  };
}

/** One authentication parameter of a scaler, read from a key of a Secret. */
export interface SecretTargetRef {
  parameter: string;
  name: string;
  key: string;
}

export interface TriggerAuthentication {
  apiVersion: typeof KEDA_API_VERSION;
  kind: 'TriggerAuthentication';
  metadata: V1ObjectMeta;
  spec: { secretTargetRef: SecretTargetRef[] };
}
