// The two Deployments of a component that rolls out as a canary (correlation service, API gateway):
// `<name>` runs the stable version, `<name>-canary` the new one beside it. Both carry the component's
// identity labels, so the component's Service sends traffic to both; a track label keeps the two
// Deployments' selectors apart (a Deployment must not select another's pods).
import type { V1Affinity, V1Container, V1Deployment, V1DeploymentStrategy, V1ObjectMeta, V1PodTemplateSpec, V1TopologySpreadConstraint, V1Volume } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import { REVISION_ANNOTATION, TRACK_LABEL } from '../api/v1alpha1/group.ts';
import { restrictedPodSecurityContext, TAPIO_UID } from './pods.ts';

export type Track = 'stable' | 'canary';

export const canaryDeploymentName = (stableName: string): string => `${stableName}-canary`;

/** The selector of one track: the identity labels and the track. */
export function trackSelector(selector: Record<string, string>, track: Track): Record<string, string> {
  return { ...selector, [TRACK_LABEL]: track };
}

/**
 * The revision of a pod template: its hash without the track label and the revision annotation, so
 * that the stable and canary templates of one spec have the same revision.
 */
export function podTemplateRevision(template: V1PodTemplateSpec): string {
  const { [TRACK_LABEL]: _track, ...labels } = template.metadata?.labels ?? {};
  const { [REVISION_ANNOTATION]: _revision, ...annotations } = template.metadata?.annotations ?? {};
  return stableHash({ ...template, metadata: { ...template.metadata, labels, annotations } });
}

/** The template with its revision stamped on, the way the canary decision reads it back from a live Deployment. */
export function withRevision(template: V1PodTemplateSpec): V1PodTemplateSpec {
  return {
    ...template,
    metadata: { ...template.metadata, annotations: { ...template.metadata?.annotations, [REVISION_ANNOTATION]: podTemplateRevision(template) } },
  };
}

/** The revision a live Deployment runs, from the annotation on its template. */
export function deploymentRevision(deployment: V1Deployment | undefined): string | undefined {
  return deployment?.spec?.template.metadata?.annotations?.[REVISION_ANNOTATION];
}

export interface StableDeploymentInput {
  metadata: V1ObjectMeta;
  /** Undefined when a HorizontalPodAutoscaler owns the replica count. */
  replicas: number | undefined;
  /** The component's identity labels; the stable track is added. */
  selector: Record<string, string>;
  /** Every label of the pods; the stable track is added. */
  podLabels: Record<string, string>;
  podAnnotations?: Record<string, string>;
  strategy: V1DeploymentStrategy;
  containers: V1Container[];
  volumes: V1Volume[];
  scheduling?: { affinity: V1Affinity; topologySpreadConstraints: V1TopologySpreadConstraint[] };
}

/**
 * The stable Deployment of a Tapio service (correlation, gateway): its track on the selector and the
 * pods, its revision on the template, and what every Tapio service pod shares (the restricted
 * standard, no API token, no service links).
 */
export function stableDeployment(input: StableDeploymentInput): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: input.metadata,
    spec: {
      ...(input.replicas === undefined ? {} : { replicas: input.replicas }),
      selector: { matchLabels: trackSelector(input.selector, 'stable') },
      strategy: input.strategy,
      template: withRevision({
        metadata: { labels: trackSelector(input.podLabels, 'stable'), ...(input.podAnnotations ? { annotations: input.podAnnotations } : {}) },
        spec: {
          containers: input.containers,
          volumes: input.volumes,
          ...(input.scheduling ?? {}),
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: restrictedPodSecurityContext(TAPIO_UID),
        },
      }),
    },
  };
}

/** The canary beside a desired stable Deployment: same template on the canary track, `replicas` pods. */
export function desiredCanaryDeployment(stable: V1Deployment, replicas: number): V1Deployment {
  const name = stable.metadata?.name;
  const selector = stable.spec?.selector.matchLabels;
  if (!name || !selector || !stable.spec) throw new Error('desiredCanaryDeployment needs a stable Deployment with a name and a selector');
  const canarySelector = { ...selector, [TRACK_LABEL]: 'canary' };
  return {
    ...stable,
    metadata: { ...stable.metadata, name: canaryDeploymentName(name) },
    spec: {
      ...stable.spec,
      replicas,
      selector: { matchLabels: canarySelector },
      template: { ...stable.spec.template, metadata: { ...stable.spec.template.metadata, labels: { ...stable.spec.template.metadata?.labels, [TRACK_LABEL]: 'canary' } } },
    },
  };
}

/**
 * The stable Deployment as desired, but still on the template it runs now: while a canary runs, or
 * after one was rolled back, the old version stays until the canary is promoted.
 */
export function keepRunningTemplate(desired: V1Deployment, live: V1Deployment): V1Deployment {
  if (!desired.spec || !live.spec) return desired;
  return { ...desired, spec: { ...desired.spec, template: live.spec.template } };
}
