// Names, labels and ownership shared by every child of a TickStorm. A TickStorm named tick-storm
// produces the seed's object names (deployment/tick-storm, svc/tick-storm-service, hpa/tick-storm-hpa,
// ...), so the seed's kubectl commands work as written.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ownedMetadata, selectorLabels, standardLabels } from '@operators/k8s-common';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { APP_NAME, COMPONENT, MANAGED_BY, PART_OF } from '../api/v1alpha1/tickstorm.ts';

export const deploymentName = (tickStorm: DefaultedTickStorm): string => tickStormName(tickStorm);
export const serviceAccountName = (tickStorm: DefaultedTickStorm): string => tickStormName(tickStorm);
export const roleName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-role`;
export const roleBindingName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-rolebinding`;
export const configMapName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-config`;
export const generatedAuthSecretName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-auth`;
export const certificateName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-tls`;
export const clientServiceName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-service`;
export const headlessServiceName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-headless`;
export const autoscalerName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-hpa`;
export const disruptionBudgetName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-pdb`;
export const networkPolicyName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-netpol`;
export const serviceMonitorName = (tickStorm: DefaultedTickStorm): string => tickStormName(tickStorm);
export const resourceQuotaName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-quota`;
export const limitRangeName = (tickStorm: DefaultedTickStorm): string => `${tickStormName(tickStorm)}-limits`;

/** The Secret with the credentials: the user's, or the one the operator generates. */
export function authSecretName(tickStorm: DefaultedTickStorm): string {
  return tickStorm.spec.auth.secretName ?? generatedAuthSecretName(tickStorm);
}

/** The kubernetes.io/tls Secret the server mounts: the user's, or the one cert-manager writes for the Certificate. */
export function tlsSecretName(tickStorm: DefaultedTickStorm): string | undefined {
  const { tls } = tickStorm.spec;
  if (!tls) return undefined;
  return tls.secretName ?? certificateName(tickStorm);
}

export function tickStormName(tickStorm: DefaultedTickStorm): string {
  const name = tickStorm.metadata.name;
  if (!name) throw new Error('TickStorm has no metadata.name');
  return name;
}

export function tickStormNamespace(tickStorm: DefaultedTickStorm): string {
  const namespace = tickStorm.metadata.namespace;
  // Every object read from the API server has one; a missing namespace is a programming error upstream.
  if (!namespace) throw new Error(`TickStorm ${tickStormName(tickStorm)} has no metadata.namespace`);
  return namespace;
}

/** The app.kubernetes.io labels every child carries. */
export function tickStormLabels(tickStorm: DefaultedTickStorm): Record<string, string> {
  return standardLabels({ name: APP_NAME, instance: tickStormName(tickStorm), component: COMPONENT, partOf: PART_OF, managedBy: MANAGED_BY });
}

/** What selectors match on: name, instance and component only, which never change for a TickStorm. */
export function serverSelectorLabels(tickStorm: DefaultedTickStorm): Record<string, string> {
  return selectorLabels({ name: APP_NAME, instance: tickStormName(tickStorm), component: COMPONENT });
}

/** Metadata of a namespaced child: its name, the TickStorm's namespace, labels and the controller reference. */
export function childMetadata(
  tickStorm: DefaultedTickStorm,
  name: string,
  extraLabels: Record<string, string> = {},
): V1ObjectMeta & { name: string; namespace: string; labels: Record<string, string> } {
  return ownedMetadata(tickStorm, name, { ...extraLabels, ...tickStormLabels(tickStorm) });
}
