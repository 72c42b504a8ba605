import { anIntelligence, exampleCluster, intelligenceOf, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredIntelligenceNetworkPolicies } from './intelligence-network-policies.ts';

describe('desiredIntelligenceNetworkPolicies', () => {
  it('is empty when networkPolicies is off', () => {
    expect(desiredIntelligenceNetworkPolicies(anIntelligence(withIntelligenceSpec({ networkPolicies: false })))).toEqual([]);
  });

  const [neo4j, correlation] = desiredIntelligenceNetworkPolicies(intelligenceOf(exampleCluster('production-ha')));

  it('Neo4j admits the correlation service, its own servers and its backup Jobs, each on their ports', () => {
    expect(neo4j?.metadata?.name).toBe('production-neo4j');
    expect(neo4j?.spec.ingress?.map((rule) => [rule.from?.[0]?.podSelector?.matchLabels?.['app.kubernetes.io/component'], rule.ports?.map((p) => p.port)])).toEqual([
      ['correlation', ['bolt', 'http']],
      ['neo4j', ['cluster', 'raft', 'routing']],
      ['neo4j-backup', ['backup']],
      [undefined, ['metrics']],
    ]);
  });

  it("the correlation service admits its platform's gateway", () => {
    expect(correlation?.spec.ingress?.[0]?.from?.[0]?.podSelector).toEqual({
      matchLabels: { 'tapio.io/cluster': 'production' },
      matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['gateway'] }],
    });
  });

  it('has no Neo4j policy with the embedded graph database', () => {
    expect(desiredIntelligenceNetworkPolicies(intelligenceOf(exampleCluster('edge'))).map((policy) => policy.metadata?.name)).toEqual(['edge-correlation']);
  });

  it('match the snapshot', () => {
    expect(desiredIntelligenceNetworkPolicies(intelligenceOf(exampleCluster('production-ha')))).toMatchSnapshot();
  });
});
