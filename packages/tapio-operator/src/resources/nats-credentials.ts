import type { V1Secret } from '@kubernetes/client-node';
import type { ProfiledTapioCluster } from '../api/v1alpha1/profile.ts';
import { childMetadata } from './metadata.ts';
import { natsCredentialsSecretName } from './nats-names.ts';

export const NATS_USERNAME = 'tapio';
export const NATS_USERNAME_KEY = 'username';
export const NATS_PASSWORD_KEY = 'password';

/**
 * The platform's NATS user, shared by the servers, collectors and correlation service. The password is
 * a fact: the reconciler generates it once, when the Secret does not exist, and keeps it afterwards.
 */
export function desiredNatsCredentialsSecret(cluster: ProfiledTapioCluster, facts: { password: string }): V1Secret {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: childMetadata(cluster, natsCredentialsSecretName(cluster), 'nats'),
    type: 'Opaque',
    stringData: { [NATS_USERNAME_KEY]: NATS_USERNAME, [NATS_PASSWORD_KEY]: facts.password },
  };
}
