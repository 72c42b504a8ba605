import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import type { DefaultedTapioIntelligence } from '../api/v1alpha1/defaults.ts';
import { dataMetadata, resourceName } from './metadata.ts';

export const graphVolumeClaimName = (intelligence: DefaultedTapioIntelligence): string => `${resourceName(intelligence)}-graph`;

/**
 * The embedded graph database's volume. No owner reference: the graph outlives the TapioIntelligence,
 * like Neo4j's volumes do.
 */
export function desiredGraphVolumeClaim(intelligence: DefaultedTapioIntelligence): V1PersistentVolumeClaim | undefined {
  if (!intelligence.spec.embedded) return undefined;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: dataMetadata(intelligence, graphVolumeClaimName(intelligence), 'correlation'),
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: String(intelligence.spec.embeddedStorage) } } },
  };
}
