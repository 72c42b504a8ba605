// Handing a Deployment's spec.replicas to the HPA without a dip. Server-side apply removes a field
// that this field manager set before and no longer sets, when no other manager owns it: dropping
// replicas from the desired Deployment when autoscaling is switched on would reset the live value
// to the default, 1, until the HPA scaled it back. So, once, before that apply, a second field
// manager applies the live value: it then co-owns the field, which survives the operator releasing
// it, and the HPA takes it over from there. This is the ownership transfer the Kubernetes docs
// describe for server-side apply ("Transferring ownership"). The desired Deployment carries
// REPLICAS_FROM_ANNOTATION while autoscaling is on, so a handed-over Deployment is recognised
// without managedFields (the cache drops them) and the steady state makes no write.
import type { V1Deployment } from '@kubernetes/client-node';
import { ResourceTypes, type KubeClient } from '@operators/k8s-common';
import { REPLICAS_FROM_ANNOTATION, REPLICAS_FROM_AUTOSCALER } from '../api/v1alpha1/tickstorm.ts';

/** The field manager that holds replicas between the operator releasing it and the HPA writing it. */
export const handoffFieldManager = (operator: string): string => `${operator}-replicas-handoff`;

/** The live replicas to hand over, when the desired Deployment leaves them to the HPA and the live one still has them from the operator. */
export function replicasToHandOver(desired: V1Deployment, live: V1Deployment | undefined): number | undefined {
  if (desired.metadata?.annotations?.[REPLICAS_FROM_ANNOTATION] !== REPLICAS_FROM_AUTOSCALER) return undefined;
  if (!live || live.metadata?.deletionTimestamp) return undefined;
  if (live.metadata?.annotations?.[REPLICAS_FROM_ANNOTATION] === REPLICAS_FROM_AUTOSCALER) return undefined;
  return live.spec?.replicas;
}

export async function handOverReplicas(client: KubeClient, operator: string, desired: V1Deployment, live: V1Deployment | undefined, signal: AbortSignal): Promise<void> {
  const replicas = replicasToHandOver(desired, live);
  if (replicas === undefined) return;
  const { name, namespace } = desired.metadata ?? {};
  await client.apply(ResourceTypes.Deployment, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace }, spec: { replicas } }, { fieldManager: handoffFieldManager(operator), signal });
}
