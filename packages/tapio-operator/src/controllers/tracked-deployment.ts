// The two Deployments of a service that rolls out as a canary (the correlation service, the API
// gateway): gathers what decideCanary needs from the cache, and turns its decision into the
// children to apply. The decision itself is the pure rollout/canary.ts.
import type { V1Deployment } from '@kubernetes/client-node';
import { desiredChild, ResourceTypes, type DesiredChild, type Manager } from '@operators/k8s-common';
import type { DefaultedCanary } from '../api/v1alpha1/defaults.ts';
import { canaryDeploymentName, deploymentRevision, desiredCanaryDeployment, keepRunningTemplate, podTemplateRevision } from '../resources/deployment-tracks.ts';
import { decideCanary, type CanaryDecision, type CanaryStatus } from '../rollout/canary.ts';
import { workloadVerdict } from '../support/workload-verdict.ts';

export interface TrackedDeployment {
  /** The stable Deployment as the spec asks for it. */
  desired: V1Deployment;
  canary: DefaultedCanary;
  /** The pods the canary weights are shares of. */
  replicas: number;
  /** status.canary as read. */
  previous: CanaryStatus | undefined;
}

export interface TrackedDeploymentPlan {
  decision: CanaryDecision;
  /** The stable Deployment (on the running template while a canary runs or after a rollback) and the canary, if any. */
  children: DesiredChild[];
}

export function planTrackedDeployment(manager: Manager, { desired, canary, replicas, previous }: TrackedDeployment, now: Date): TrackedDeploymentPlan {
  const name = desired.metadata!.name!;
  const namespace = desired.metadata!.namespace!;
  const liveStable = manager.cache.get<V1Deployment>(ResourceTypes.Deployment, name, namespace);
  const liveCanary = manager.cache.get<V1Deployment>(ResourceTypes.Deployment, canaryDeploymentName(name), namespace);
  const decision = decideCanary(
    {
      canary,
      replicas,
      desiredRevision: podTemplateRevision(desired.spec!.template),
      stableRevision: deploymentRevision(liveStable),
      ...(liveCanary ? { canaryWorkload: { revision: deploymentRevision(liveCanary), verdict: workloadVerdict(liveCanary) } } : {}),
      ...(previous ? { previous } : {}),
    },
    () => now,
  );
  const stable = decision.stableTemplate === 'running' && liveStable ? keepRunningTemplate(desired, liveStable) : desired;
  const children = [desiredChild(ResourceTypes.Deployment, stable)];
  // The canary runs the desired template, never the one the stable Deployment was kept on.
  if (decision.canaryReplicas > 0) children.push(desiredChild(ResourceTypes.Deployment, desiredCanaryDeployment(desired, decision.canaryReplicas)));
  return { decision, children };
}
