import type { V2HorizontalPodAutoscaler, V2MetricSpec } from '@kubernetes/client-node';
import { DEFAULT_MAX_REPLICAS } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { autoscalerName, childMetadata, deploymentName } from './metadata.ts';
import { desiredResources } from './scheduling.ts';

/** The Pods metric the seed's RPS-based scaling reads, served by a custom metrics adapter (e.g. prometheus-adapter). */
export const RPS_METRIC = 'http_requests_per_second';

/**
 * The autoscaling block when it asks for an autoscaler. No block means none (removing the block
 * removes the HPA); replicas: 0 stops the app: an autoscaler would start it again (its minimum is at
 * least 1).
 */
function activeAutoscaling(app: StoredCycloneApp): NonNullable<StoredCycloneApp['spec']['autoscaling']> | undefined {
  const { autoscaling, replicas } = app.spec;
  return autoscaling?.enabled && replicas > 0 ? autoscaling : undefined;
}

export function autoscalingActive(app: StoredCycloneApp): boolean {
  return activeAutoscaling(app) !== undefined;
}

export interface ReplicaBounds {
  minReplicas: number;
  maxReplicas: number;
}

export function replicaBounds(app: StoredCycloneApp): ReplicaBounds {
  const { autoscaling, replicas } = app.spec;
  const minReplicas = autoscaling?.minReplicas ?? Math.max(1, replicas);
  return { minReplicas, maxReplicas: autoscaling?.maxReplicas ?? Math.max(DEFAULT_MAX_REPLICAS, minReplicas) };
}

/** Requests per second each pod should serve: autoscaling.targetRPS, or the app's target shared by its replicas. */
export function perPodTargetRps(app: StoredCycloneApp): number {
  const { autoscaling, targetRPS, replicas } = app.spec;
  return autoscaling?.targetRPS ?? Math.ceil(targetRPS / Math.max(1, replicas));
}

/**
 * `<app>-hpa`, the name the seed describes: CPU utilisation and requests per second per pod. The CPU
 * target is relative to the CPU request, so it is left out when the container has none (the
 * autoscaler would report FailedGetResourceMetric for ever). Undefined while autoscaling is off.
 */
export function desiredAutoscaler(app: StoredCycloneApp): V2HorizontalPodAutoscaler | undefined {
  const autoscaling = activeAutoscaling(app);
  if (!autoscaling) return undefined;
  const metrics: V2MetricSpec[] = [];
  if (hasCpuRequest(app)) {
    metrics.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: autoscaling.targetCPUUtilizationPercentage } },
    });
  }
  metrics.push({
    type: 'Pods',
    pods: { metric: { name: RPS_METRIC }, target: { type: 'AverageValue', averageValue: String(perPodTargetRps(app)) } },
  });
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: childMetadata(app, autoscalerName(app)),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deploymentName(app) },
      ...replicaBounds(app),
      metrics,
    },
  };
}

/** A CPU limit without a request is a request of the same amount (Kubernetes' defaulting). */
function hasCpuRequest(app: StoredCycloneApp): boolean {
  const resources = desiredResources(app);
  return resources?.requests?.cpu !== undefined || resources?.limits?.cpu !== undefined;
}
