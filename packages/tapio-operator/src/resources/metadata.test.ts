import { aCluster, anIntelligence, withLabels } from '../../test/fixtures.ts';
import type { TapioIntelligence } from '../api/v1alpha1/tapiointelligence.ts';
import { childMetadata, componentLabels, dataMetadata, platformName } from './metadata.ts';

describe('metadata', () => {
  it('a child carries the app.kubernetes.io labels, its platform and a controller reference', () => {
    expect(childMetadata(aCluster(), 'dev-nats', 'nats')).toEqual({
      name: 'dev-nats',
      namespace: 'tapio',
      labels: {
        'app.kubernetes.io/name': 'tapio-nats',
        'app.kubernetes.io/instance': 'dev',
        'app.kubernetes.io/component': 'nats',
        'app.kubernetes.io/part-of': 'tapio',
        'app.kubernetes.io/managed-by': 'tapio-operator',
        'tapio.io/cluster': 'dev',
      },
      ownerReferences: [expect.objectContaining({ apiVersion: 'tapio.io/v1alpha1', kind: 'TapioCluster', name: 'dev', controller: true, blockOwnerDeletion: true })],
    });
  });

  it('data keeps the labels and has no owner, so it outlives the resource', () => {
    expect(dataMetadata(anIntelligence(), 'tapio-backups', 'neo4j-backup')).toEqual({
      name: 'tapio-backups',
      namespace: 'tapio',
      labels: componentLabels(anIntelligence(), 'neo4j-backup'),
    });
  });

  it('the platform is the tapio.io/cluster label, else the resource itself', () => {
    expect(platformName(anIntelligence())).toBe('tapio');
    expect(platformName(anIntelligence(withLabels<TapioIntelligence>({ 'tapio.io/cluster': 'prod' })))).toBe('prod');
  });
});
