import type { V1ConfigMap } from '@kubernetes/client-node';
import { stableHash } from '@operators/k8s-common';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { childMetadata, configMapName } from './metadata.ts';

/** `<name>-config`: spec.config as it is (the seed's configmap.yaml); the Deployment maps each key to a variable. */
export function desiredConfigMap(tickStorm: DefaultedTickStorm): V1ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: childMetadata(tickStorm, configMapName(tickStorm)),
    data: { ...(tickStorm.spec.config ?? {}) },
  };
}

/**
 * The hash of the ConfigMap's data, stamped on the pod template: the server reads its configuration
 * from environment variables at start, so a changed value must restart the pods, and only a changed
 * pod template makes the Deployment roll them.
 */
export function configHash(configMap: V1ConfigMap): string {
  return stableHash(configMap.data ?? {});
}
