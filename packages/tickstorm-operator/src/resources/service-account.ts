import type { V1ServiceAccount } from '@kubernetes/client-node';
import type { DefaultedTickStorm } from '../api/v1alpha1/defaults.ts';
import { childMetadata, serviceAccountName } from './metadata.ts';

/** `<name>`: the identity the server pods run as (the seed's rbac.yaml), bound to the Role <name>-role. */
export function desiredServiceAccount(tickStorm: DefaultedTickStorm): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: childMetadata(tickStorm, serviceAccountName(tickStorm)),
  };
}
