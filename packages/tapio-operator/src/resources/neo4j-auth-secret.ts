import type { V1Secret } from '@kubernetes/client-node';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { childMetadata } from './metadata.ts';
import { neo4jAuthSecretName } from './neo4j-names.ts';

export const NEO4J_USERNAME = 'neo4j';
/** NEO4J_AUTH in the form the image reads at its first start: `neo4j/<password>`. */
export const NEO4J_AUTH_KEY = 'NEO4J_AUTH';
export const NEO4J_USERNAME_KEY = 'username';
export const NEO4J_PASSWORD_KEY = 'password';

/**
 * The Neo4j user, for the servers (NEO4J_AUTH sets the initial password) and for the correlation
 * service and backup Jobs. The password is a fact: the reconciler generates it once, when the Secret
 * does not exist, and keeps it afterwards.
 */
export function desiredNeo4jAuthSecret(intelligence: DefaultedTapioIntelligence, facts: { password: string }): V1Secret | undefined {
  if (intelligence.spec.embedded) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: childMetadata(intelligence, neo4jAuthSecretName(intelligence), 'neo4j'),
    type: 'Opaque',
    stringData: {
      [NEO4J_AUTH_KEY]: `${NEO4J_USERNAME}/${facts.password}`,
      [NEO4J_USERNAME_KEY]: NEO4J_USERNAME,
      [NEO4J_PASSWORD_KEY]: facts.password,
    },
  };
}
