import { anIntelligence, withIntelligenceSpec } from '../../test/fixtures.ts';
import { desiredNeo4jAuthSecret } from './neo4j-auth-secret.ts';

describe('desiredNeo4jAuthSecret', () => {
  it('holds NEO4J_AUTH for the image and the user for its clients', () => {
    const secret = desiredNeo4jAuthSecret(anIntelligence(), { password: 'pw' });
    expect(secret?.metadata?.name).toBe('tapio-neo4j-auth');
    expect(secret?.stringData).toEqual({ NEO4J_AUTH: 'neo4j/pw', username: 'neo4j', password: 'pw' });
    expect(secret?.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TapioIntelligence', controller: true });
  });

  it('is undefined with the embedded graph database', () => {
    expect(desiredNeo4jAuthSecret(anIntelligence(withIntelligenceSpec({ embedded: true })), { password: 'pw' })).toBeUndefined();
  });

  it('matches the snapshot', () => {
    expect(desiredNeo4jAuthSecret(anIntelligence(), { password: 'pw' })).toMatchSnapshot();
  });
});
