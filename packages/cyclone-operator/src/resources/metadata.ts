// Names, labels and ownership shared by every child of a CycloneApp.
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { ownedMetadata, selectorLabels, standardLabels } from '@operators/k8s-common';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';
import { APP_NAME, COMPONENT, MANAGED_BY, PART_OF } from '../api/v1/cycloneapp.ts';

/**
 * `app: <name>` on every child and pod: the seed selects by it (`kubectl logs -l app=my-cyclone-app`,
 * its NetworkPolicy's `podSelector: {matchLabels: {app: cyclone-api}}`). Selectors of the operator's
 * own objects use the app.kubernetes.io identity labels instead.
 */
export const APP_LABEL = 'app';

// The seed's names: `kubectl rollout status deployment/my-app`, `kubectl patch configmap
// cyclone-api-config`, `kubectl port-forward svc/cyclone-api-service`, `kubectl describe hpa cyclone-api-hpa`.
export const deploymentName = (app: StoredCycloneApp): string => appName(app);
export const configMapName = (app: StoredCycloneApp): string => `${appName(app)}-config`;
export const serviceName = (app: StoredCycloneApp): string => `${appName(app)}-service`;
export const autoscalerName = (app: StoredCycloneApp): string => `${appName(app)}-hpa`;
export const networkPolicyName = (app: StoredCycloneApp): string => `${appName(app)}-policy`;
export const disruptionBudgetName = (app: StoredCycloneApp): string => appName(app);
export const serviceMonitorName = (app: StoredCycloneApp): string => appName(app);

export function appName(app: StoredCycloneApp): string {
  const name = app.metadata.name;
  if (!name) throw new Error('CycloneApp has no metadata.name');
  return name;
}

export function appNamespace(app: StoredCycloneApp): string {
  const namespace = app.metadata.namespace;
  // Every object read from the API server has one; a missing namespace is a programming error upstream.
  if (!namespace) throw new Error(`CycloneApp ${appName(app)} has no metadata.namespace`);
  return namespace;
}

/** The labels every child carries: app.kubernetes.io/* and the seed's `app`. */
export function appLabels(app: StoredCycloneApp): Record<string, string> {
  return {
    [APP_LABEL]: appName(app),
    ...standardLabels({ name: APP_NAME, instance: appName(app), component: COMPONENT, partOf: PART_OF, managedBy: MANAGED_BY }),
  };
}

/** What selectors match on: name, instance and component only, which never change for an app. */
export function appSelectorLabels(app: StoredCycloneApp): Record<string, string> {
  return selectorLabels({ name: APP_NAME, instance: appName(app), component: COMPONENT });
}

/** Metadata of a namespaced child: its name, the app's namespace, labels and the controller reference. */
export function childMetadata(
  app: StoredCycloneApp,
  name: string,
  extraLabels: Record<string, string> = {},
): V1ObjectMeta & { name: string; namespace: string; labels: Record<string, string> } {
  return ownedMetadata(app, name, { ...extraLabels, ...appLabels(app) });
}
